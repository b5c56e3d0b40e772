package dev.miniplaces.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.miniplaces.ops.ChannelAffine;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class InputGradientGraphTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"simplenet", "simplenet-custom", "resnet-small", "vgg-small"})
  void givesTheModelsInferenceModeOutputs(String name) {
    ComputationGraph model = ColourCastTask.trained(name, DataType.FLOAT, 5);
    InputGradientGraph graph = InputGradientGraph.of(model);
    INDArray x = ColourCastTask.batch(6, 41, DataType.FLOAT).getFeatures();

    INDArray expected = model.outputSingle(false, x);
    INDArray actual = graph.forward(x);
    INDArray ofPass = graph.pass(x, probabilities -> probabilities).probabilities();

    assertThat(actual.shape()).isEqualTo(expected.shape());
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).as("max |difference|").isLessThan(1e-5);
    assertThat(ofPass.sub(expected).amaxNumber().doubleValue()).as("max |difference| of a pass").isLessThan(1e-5);
    for (var vertex : graph.getConfiguration().getVertices().values()) {
      if (vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex layer) {
        assertThat(layer.getLayerConf().getLayer()).isNotInstanceOf(BatchNormalization.class);
      }
    }
  }

  @Test
  void inputGradientMatchesFiniteDifferencesOfTheModelInInferenceMode() {
    ComputationGraph model = ColourCastTask.trained("vgg-small", DataType.DOUBLE, 5);
    InputGradientGraph graph = InputGradientGraph.of(model);
    assertThat(graph.getLayer("s1c1_bn").conf().getLayer()).isInstanceOf(ChannelAffine.class);
    DataSet batch = ColourCastTask.batch(2, 43, DataType.DOUBLE);
    INDArray x = batch.getFeatures();
    int[] labels = ColourCastTask.labels(batch);

    INDArray gradient = graph.pass(x, probabilities -> batch.getLabels()).inputGradient();

    // Central differences of the original model's loss, in inference mode, per example.
    double h = 1e-5;
    long[][] pixels = {{0, 0, 5, 7}, {0, 1, 16, 16}, {0, 2, 31, 0}, {1, 0, 3, 30}, {1, 1, 20, 9}, {1, 2, 12, 12}};
    for (long[] p : pixels) {
      int example = (int) p[0];
      double original = x.getDouble(p);
      x.putScalar(p, original + h);
      double up = loss(model, x, example, labels[example]);
      x.putScalar(p, original - h);
      double down = loss(model, x, example, labels[example]);
      x.putScalar(p, original);
      double numeric = (up - down) / (2 * h);
      assertThat(gradient.getDouble(p)).as("dL/dx at %s", java.util.Arrays.toString(p))
          .isCloseTo(numeric, within(1e-7 + 1e-4 * Math.abs(numeric)));
    }
    assertThat(gradient.amaxNumber().doubleValue()).as("largest |gradient|").isGreaterThan(1e-4);
  }

  private static double loss(ComputationGraph model, INDArray x, int example, int label) {
    return -Math.log(model.outputSingle(false, x).getDouble(example, label));
  }

  @Test
  void leavesTheModelAndEarlierResultsAlone() {
    ComputationGraph model = ColourCastTask.trained("vgg-small", DataType.FLOAT, 3);
    INDArray params = model.params().dup();
    INDArray runningMean = model.getLayer("s1c1_bn").getParam("mean").dup();
    InputGradientGraph graph = InputGradientGraph.of(model);
    DataSet first = ColourCastTask.batch(4, 1, DataType.FLOAT);
    DataSet second = ColourCastTask.batch(4, 2, DataType.FLOAT);

    InputGradientGraph.Pass firstPass = graph.pass(first.getFeatures(), probabilities -> first.getLabels());
    INDArray keptGradient = firstPass.inputGradient().dup();
    INDArray keptProbabilities = firstPass.probabilities().dup();
    graph.pass(second.getFeatures(), probabilities -> second.getLabels());

    assertThat(firstPass.inputGradient().equalsWithEps(keptGradient, 0)).as("first gradient unchanged by the next "
        + "pass").isTrue();
    assertThat(firstPass.probabilities().equalsWithEps(keptProbabilities, 0)).as("first probabilities unchanged "
        + "by the next pass").isTrue();
    assertThat(model.params().equalsWithEps(params, 0)).isTrue();
    assertThat(model.getLayer("s1c1_bn").getParam("mean").equalsWithEps(runningMean, 0)).isTrue();
  }

  @Test
  void followsTheModelsNewParameters() {
    ComputationGraph model = ColourCastTask.trained("vgg-small", DataType.FLOAT, 2);
    InputGradientGraph graph = InputGradientGraph.of(model);
    DataSet batch = ColourCastTask.batch(8, 3, DataType.FLOAT);
    for (int i = 0; i < 3; i++) {
      model.fit(batch);
    }
    graph.copyParametersFrom(model);

    INDArray difference = graph.forward(batch.getFeatures()).sub(model.outputSingle(false, batch.getFeatures()));
    assertThat(difference.amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  @Test
  void saliencyIsTheLargestAbsoluteChannelGradientOfThePredictedClass() {
    ComputationGraph model = ColourCastTask.trained("vgg-small", DataType.FLOAT, 5);
    InputGradientGraph graph = InputGradientGraph.of(model);
    INDArray x = ColourCastTask.batch(4, 9, DataType.FLOAT).getFeatures();

    Saliency.Batch saliency = Saliency.of(graph, x);

    assertThat(saliency.maps().shape()).containsExactly(4, 32, 32);
    assertThat(saliency.maps().minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(saliency.predicted()).containsExactly(model.outputSingle(false, x).argMax(1).toIntVector());
    INDArray predicted = ClassLabels.oneHot(saliency.predicted(), 4, DataType.FLOAT);
    INDArray gradient = graph.pass(x, probabilities -> predicted).inputGradient();
    INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.abs(gradient).max(1);
    assertThat(saliency.maps().equalsWithEps(expected, 1e-6)).isTrue();
    assertThat(saliency.maps().sumNumber().doubleValue()).isGreaterThan(0);
  }
}
