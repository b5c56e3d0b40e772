package dev.miniplaces.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.ops.CustomConvolution;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class ModelZooTest {
  static List<String> models() {
    return ModelZoo.names();
  }

  @Test
  void listsEveryModelAndNamesTheChoicesForAnUnknownOne() {
    assertThat(ModelZoo.names()).containsExactly("simplenet", "simplenet-custom", "resnet-small", "vgg-small");
    assertThatThrownBy(() -> ModelZoo.get("alexnet"))
        .hasMessage("Unknown model: 'alexnet' (choose from simplenet, simplenet-custom, resnet-small, vgg-small)");
  }

  @Test
  void simpleNetHasTheReferenceParameterCountAndLayers() {
    ComputationGraph net = ModelZoo.get("simplenet").build(ModelSpec.miniPlaces(1));

    assertThat(net.numParams()).isEqualTo(1_368_676);
    // name, kind, output channels, kernel, stride, padding: the reference table of seed-defaults.md
    Object[][] reference = {
        {"conv1", 64, 7, 2, 3}, {"pool1"}, {"conv2a", 64, 1, 1, 0}, {"conv2b", 64, 3, 1, 1},
        {"conv2c", 256, 1, 1, 0}, {"pool2"}, {"conv3a", 64, 1, 1, 0}, {"conv3b", 64, 3, 1, 1},
        {"conv3c", 256, 1, 1, 0}, {"pool3"}, {"conv4", 512, 3, 1, 1}, {"gap"}, {"fc"}};
    List<String> order = List.of(net.getConfiguration().getTopologicalOrderStr().stream()
        .filter(name -> !name.equals(ZooModel.INPUT)).toArray(String[]::new));
    assertThat(order).containsExactly(java.util.Arrays.stream(reference).map(r -> (String) r[0])
        .toArray(String[]::new));
    for (Object[] row : reference) {
      var layer = net.getLayer((String) row[0]).conf().getLayer();
      if (row.length == 5) {
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        assertThat(conv.getNOut()).as((String) row[0]).isEqualTo((long) (int) row[1]);
        assertThat(conv.getKernelSize()).as((String) row[0]).containsExactly((int) row[2], (int) row[2]);
        assertThat(conv.getStride()).as((String) row[0]).containsExactly((int) row[3], (int) row[3]);
        assertThat(conv.getPadding()).as((String) row[0]).containsExactly((int) row[4], (int) row[4]);
        assertThat(conv.hasBias()).isTrue();
      } else if (((String) row[0]).startsWith("pool")) {
        SubsamplingLayer pool = (SubsamplingLayer) layer;
        assertThat(pool.getPoolingType()).isEqualTo(org.deeplearning4j.nn.conf.layers.PoolingType.MAX);
        assertThat(pool.getKernelSize()).containsExactly(3, 3);
        assertThat(pool.getStride()).containsExactly(2, 2);
        assertThat(pool.getPadding()).containsExactly(1, 1);
      }
    }
    assertThat(net.getLayer("gap").conf().getLayer()).isInstanceOf(GlobalPoolingLayer.class);
    assertThat(((OutputLayer) net.getLayer("fc").conf().getLayer()).getNIn()).isEqualTo(512);
  }

  @Test
  void simpleNetIsInitialisedLikePyTorch() {
    ComputationGraph net = ModelZoo.get("simplenet").build(ModelSpec.miniPlaces(1));

    for (String layer : new String[] {"conv1", "conv4", "fc"}) {
      Map<String, INDArray> params = net.getLayer(layer).paramTable();
      double bound = 1 / Math.sqrt((double) params.get("W").length() / params.get("b").length());
      for (String p : new String[] {"W", "b"}) {
        INDArray values = params.get(p);
        assertThat(values.amaxNumber().doubleValue()).as(layer + " " + p).isLessThanOrEqualTo(bound)
            .isGreaterThan(0.9 * bound);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void acceptsTrainingAndEvaluationSizesAndStaysUnderTenMegabytes(String name) {
    ZooModel model = ModelZoo.get(name);
    ComputationGraph net = model.build(ModelSpec.miniPlaces(1));

    for (int size : new int[] {128, 160}) {
      INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, size, size));
      assertThat(out.shape()).as("output at %d", size).containsExactly(2, 100);
      assertThat(out.sum(1).getDouble(0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
    ModelZoo.Facts facts = ModelZoo.facts(model, ModelSpec.miniPlaces(1));
    // Zipped float32 weights: random values barely compress, so the file is close to 4 bytes a parameter.
    assertThat(facts.savedBytes()).as("model file").isLessThan(10_000_000).isGreaterThan(3 * facts.parameters());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void overfitsATinyBatch(String name) {
    ModelSpec spec = new ModelSpec(4, 32, 3, DataType.FLOAT);
    ComputationGraph net = new TransferLearning.GraphBuilder(ModelZoo.get(name).build(spec))
        .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(5e-4)).build())
        .build();
    // Eight noisy images whose class shows in their colour cast, as scenes' classes show in their palettes.
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32).subi(0.5);
    INDArray classColours = Nd4j.rand(DataType.FLOAT, 4, 3).subi(0.5);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 4);
    for (int i = 0; i < 8; i++) {
      y.putScalar(i, i % 4, 1);
      for (int c = 0; c < 3; c++) {
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
            .addi(classColours.getDouble(i % 4, c));
      }
    }
    DataSet batch = new DataSet(x, y);
    double start = net.score(batch);

    // SimpleNet has no batch norm: at higher rates (Adam 1e-3 and up) it can stall with dead ReLUs, depending on
    // float rounding (oneDNN or im2col). At 5e-4 every model and path measured was below 0.01 by step 120.
    for (int i = 0; i < 150; i++) {
      net.fit(batch);
    }

    assertThat(net.score(batch)).as("loss after 150 steps, from %.3f", start).isLessThan(0.1 * start);
  }

  @Test
  void simpleNetAndSimpleNetCustomGiveTheSameOutputsWithTheSameWeights() {
    ModelSpec spec = new ModelSpec(10, 64, 5, DataType.DOUBLE);
    ComputationGraph builtIn = ModelZoo.get("simplenet").build(spec);
    ComputationGraph custom = ModelZoo.get("simplenet-custom").build(new ModelSpec(10, 64, 99, DataType.DOUBLE));
    assertThat(custom.getLayer("conv1").conf().getLayer()).isInstanceOf(CustomConvolution.class);
    custom.setParams(builtIn.params().dup());
    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 64, 64).subi(0.5);

    INDArray expected = builtIn.outputSingle(x);
    INDArray actual = custom.outputSingle(x);

    assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
    INDArray atEvaluationSize = Nd4j.rand(DataType.DOUBLE, 2, 3, 80, 80);
    assertThat(custom.outputSingle(atEvaluationSize).sub(builtIn.outputSingle(atEvaluationSize))
        .amaxNumber().doubleValue()).isLessThan(1e-12);
  }

  @Test
  void simpleNetRunsItsConvolutionsOnOneDnnAndAgreesWithTheCustomLayerInFloat32() {
    ModelSpec spec = new ModelSpec(10, 64, 5, DataType.FLOAT);
    ComputationGraph builtIn = ModelZoo.get("simplenet").build(spec);
    ComputationGraph custom = ModelZoo.get("simplenet-custom").build(spec);
    custom.setParams(builtIn.params().dup());
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 64, 64).subi(0.5);

    assertThat(((org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) builtIn.getLayer("conv1")).getHelper())
        .isInstanceOf(MKLDNNConvHelper.class);
    // Different algorithms (direct convolution, im2col + gemm) round differently in float32; no more than that.
    assertThat(custom.outputSingle(x).sub(builtIn.outputSingle(x)).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  @Test
  void resNetSmallTrainsOnOneDnnWithFloat64Gradients() {
    ComputationGraph exact = ModelZoo.get("resnet-small").build(new ModelSpec(10, 32, 3, DataType.DOUBLE));
    ComputationGraph fast = ModelZoo.get("resnet-small").build(new ModelSpec(10, 32, 3, DataType.FLOAT));
    fast.setParams(exact.params().castTo(DataType.FLOAT));
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.randn(DataType.DOUBLE, 16, 3, 32, 32);
    INDArray y = Nd4j.eye(10).castTo(DataType.DOUBLE).repeat(0, 2).get(
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16), org.nd4j.linalg.indexing.NDArrayIndex.all());

    exact.setInputs(x);
    exact.setLabels(y);
    exact.computeGradientAndScore();
    fast.setInputs(x.castTo(DataType.FLOAT));
    fast.setLabels(y.castTo(DataType.FLOAT));
    fast.computeGradientAndScore();

    assertThat(fast.getLayer("s1b1_conv1_bn").getHelper()).as("batch norm on oneDNN")
        .isInstanceOf(org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper.class);
    Map<String, INDArray> reference = exact.gradient().gradientForVariable();
    for (Map.Entry<String, INDArray> g : fast.gradient().gradientForVariable().entrySet()) {
      INDArray want = reference.get(g.getKey());
      double relative = want.sub(g.getValue().castTo(DataType.DOUBLE)).norm2Number().doubleValue()
          / want.norm2Number().doubleValue();
      assertThat(relative).as(g.getKey()).isLessThan(1e-4);
    }
  }
}
