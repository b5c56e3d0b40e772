package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The workers of an averaging round continue the driver's schedule: its step and epoch counters. */
class RoundTrainingMasterTest {
  private static final int WORKERS = 2;
  private static final int STEPS_PER_ROUND = 3;

  /** Records, on the workers, the step and epoch counters each training step ran with. */
  static final class CounterRecorder extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final CollectionAccumulator<String> steps;

    CounterRecorder(CollectionAccumulator<String> steps) {
      this.steps = steps;
    }

    @Override
    public void onGradientCalculation(Model model) {
      var configuration = ((ComputationGraph) model).getConfiguration();
      steps.add(configuration.getEpochCount() + "/" + configuration.getIterationCount());
    }
  }

  @Test
  void workersStepFromTheDriversIterationAndEpochEveryRound() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
    ComputationGraph network = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
        .updater(new Sgd(0.1)).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(4))
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build(), "in")
        .setOutputs("out").build());
    network.init();
    RoundTrainingMaster master = new RoundTrainingMaster(WORKERS, 4, STEPS_PER_ROUND, 0, 1, java.util.List.of());
    CollectionAccumulator<String> steps = sc.sc().collectionAccumulator("worker steps");
    master.setListeners(List.of(new CounterRecorder(steps)));
    SparkComputationGraph spark = new SparkComputationGraph(sc, network, master);

    spark.fit(round(sc));
    List<String> firstRound = List.copyOf(steps.value());
    steps.reset();
    network.getConfiguration().setIterationCount(STEPS_PER_ROUND); // what ParameterAveragingTrainer does
    network.getConfiguration().setEpochCount(7);
    spark.fit(round(sc));

    assertThat(new TreeSet<>(firstRound)).containsExactly("0/0", "0/1", "0/2");
    assertThat(firstRound).hasSize(WORKERS * STEPS_PER_ROUND);
    // The stock worker rebuilt its network from a configuration clone without counters: 0/0, 0/1, 0/2 again.
    assertThat(new TreeSet<>(steps.value())).containsExactly("7/3", "7/4", "7/5");
    assertThat(steps.value()).hasSize(WORKERS * STEPS_PER_ROUND);
  }

  /** One partition per worker, each with its round's mini-batches. */
  private static JavaRDD<DataSet> round(JavaSparkContext sc) {
    List<DataSet> batches = new ArrayList<>();
    for (int i = 0; i < WORKERS * STEPS_PER_ROUND; i++) {
      batches.add(new DataSet(Nd4j.rand(4, 4), Nd4j.eye(4).getColumns(0, 1, 2)));
    }
    return sc.parallelize(batches, WORKERS);
  }
}
