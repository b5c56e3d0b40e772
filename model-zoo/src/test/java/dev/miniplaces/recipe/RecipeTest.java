package dev.miniplaces.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The reference recipe's optimiser and schedule, against their formulas. */
class RecipeTest {
  @Test
  void cosineScheduleFollowsTheReferenceFormula() {
    CosineSchedule cosine = new CosineSchedule(0.1, 0, 100);
    assertThat(cosine.valueAt(0, 0)).isEqualTo(0.1);
    assertThat(cosine.valueAt(50, 0)).isCloseTo(0.05, offset(1e-12));
    assertThat(cosine.valueAt(25, 0)).isCloseTo(0.05 * (1 + Math.cos(Math.PI / 4)), offset(1e-12));
    assertThat(cosine.valueAt(100, 0)).isCloseTo(0, offset(1e-12));
    assertThat(cosine.valueAt(150, 0)).isCloseTo(0, offset(1e-12)); // no floor, and no climbing back

    CosineSchedule warm = CosineSchedule.of(0.1, 2, 10, 5); // 10 warm-up iterations, then 50 of cosine
    assertThat(warm.valueAt(0, 0)).isCloseTo(0.01, offset(1e-12));
    assertThat(warm.valueAt(9, 1)).isCloseTo(0.1, offset(1e-12));
    assertThat(warm.valueAt(10, 2)).isCloseTo(0.1, offset(1e-12));
    assertThat(warm.valueAt(35, 7)).isCloseTo(0.05, offset(1e-12));
  }

  @Test
  void sgdMomentumWithL2TakesPyTorchsSteps() {
    double lr = 0.1;
    double momentum = 0.9;
    double decay = 1e-2;
    MultiLayerNetwork net = twoLayerNet(new SgdMomentum(new CosineSchedule(lr, 0, 1000), momentum), decay);
    MultiLayerNetwork probe = net.clone(); // computes raw gradients at the reference's parameters
    DataSet batch = batch();

    INDArray params = net.params().dup();
    INDArray velocity = params.ulike().assign(0);
    for (int step = 0; step < 4; step++) {
      // torch.optim.SGD on the batch-mean loss: g += wd·p; v = m·v + g; p -= lr_t·v
      INDArray g = meanGradient(probe, params, batch).addi(params.mul(decay));
      velocity.muli(momentum).addi(g);
      params.subi(velocity.mul(new CosineSchedule(lr, 0, 1000).valueAt(step, 0)));

      net.fit(batch);

      assertThat(net.params().sub(params).amaxNumber().doubleValue()).as("step %d", step).isLessThan(1e-12);
    }
  }

  @Test
  void adamWithL2TakesPyTorchsSteps() {
    double lr = 0.01;
    double beta1 = 0.8;
    double decay = 1e-2;
    CosineSchedule schedule = new CosineSchedule(lr, 0, 1000);
    MultiLayerNetwork net = twoLayerNet(Optimizer.ADAM.updater(schedule, beta1), decay);
    MultiLayerNetwork probe = net.clone();
    DataSet batch = batch();

    INDArray params = net.params().dup();
    INDArray m = params.ulike().assign(0);
    INDArray v = params.ulike().assign(0);
    for (int step = 1; step <= 4; step++) {
      // torch.optim.Adam(betas=(beta1, 0.999), eps=1e-8, weight_decay=wd) on the batch-mean loss.
      INDArray g = meanGradient(probe, params, batch).addi(params.mul(decay));
      m.muli(beta1).addi(g.mul(1 - beta1));
      v.muli(0.999).addi(g.mul(g).muli(1 - 0.999));
      INDArray mHat = m.div(1 - Math.pow(beta1, step));
      INDArray vHat = v.div(1 - Math.pow(0.999, step));
      // DL4J adds epsilon to sqrt(v) before the bias correction, PyTorch after it: DL4J's step is PyTorch's
      // with epsilon 1e-8 / sqrt(1 - beta2^t), which matters only for gradients near 1e-6.
      double epsilon = 1e-8 / Math.sqrt(1 - Math.pow(0.999, step));
      params.subi(mHat.mul(schedule.valueAt(step - 1, 0)).divi(Transforms.sqrt(vHat).addi(epsilon)));

      net.fit(batch);

      assertThat(net.params().sub(params).amaxNumber().doubleValue()).as("step %d", step).isLessThan(1e-12);
    }
    assertThat(Optimizer.ADAM.scaledRate(0.002, 64)).as("square-root scaling").isCloseTo(0.001, offset(1e-15));
    assertThat(Optimizer.SGD.scaledRate(0.1, 64)).as("linear scaling").isCloseTo(0.025, offset(1e-15));
  }

  private static MultiLayerNetwork twoLayerNet(IUpdater updater, double decay) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
        .updater(updater).l2(decay).l2Bias(decay)
        .list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(conf.toJson()));
    net.init();
    return net;
  }

  private static DataSet batch() {
    Nd4j.getRandom().setSeed(5);
    return new DataSet(Nd4j.rand(DataType.DOUBLE, 6, 4), Nd4j.eye(3).repeat(0, 2).castTo(DataType.DOUBLE));
  }

  /**
   * The gradient of the batch-mean loss at {@code params}: DL4J's raw gradient is the batch sum; its updater
   * divides by the batch size first, as a mean loss would.
   */
  private static INDArray meanGradient(MultiLayerNetwork probe, INDArray params, DataSet batch) {
    probe.setParams(params);
    probe.setInput(batch.getFeatures());
    probe.setLabels(batch.getLabels());
    probe.computeGradientAndScore();
    return probe.gradient().gradient().div(batch.numExamples());
  }

  @Test
  void theUpdaterAndItsScheduleSurviveJson() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .updater(new SgdMomentum(CosineSchedule.of(0.1, 1, 9, 390), 0.9)).list()
        .layer(new OutputLayer.Builder().nIn(2).nOut(2).build())
        .build();

    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

    assertThat(back).isEqualTo(conf);
    assertThat(((OutputLayer) back.getConf(0).getLayer()).getIUpdater().getLearningRate(390 * 5, 5))
        .isCloseTo(CosineSchedule.of(0.1, 1, 9, 390).valueAt(390 * 5, 5), offset(1e-15));
  }

  @ParameterizedTest
  @EnumSource(Optimizer.class)
  void theRecipeReachesEveryTrainableLayerAndHoldsDecayBackDuringWarmUp(Optimizer optimizer) {
    TrainingRecipe recipe = new TrainingRecipe(optimizer, 0.2, 0.9, 1e-4, 10, 90);
    ComputationGraph net = ModelZoo.get("resnet-small").build(new ModelSpec(10, 32, 1, DataType.FLOAT),
        recipe::applyTo);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());

    long trainable = 0;
    for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer conf && !(conf instanceof BatchNormalization)) {
        trainable++;
        assertThat(conf.getIUpdater()).isEqualTo(optimizer.updater(recipe.schedule(), 0.9));
        Regularization decay = conf.getRegularizationByParam("W").get(0);
        assertThat(decay.score(Nd4j.ones(DataType.FLOAT, 2), 9, 0)).as("warm-up").isEqualTo(0.0);
        assertThat(decay.score(Nd4j.ones(DataType.FLOAT, 2), 10, 0)).as("½·wd·Σw²").isCloseTo(1e-4, offset(1e-9));
      }
    }
    assertThat(trainable).as("conv and output layers").isGreaterThan(5);
    assertThat(back).isEqualTo(net.getConfiguration());
    assertThat(recipe.learningRate(0)).isCloseTo(0.02, offset(1e-12));
    assertThat(recipe.learningRate(10)).isCloseTo(0.2, offset(1e-12));
  }
}
