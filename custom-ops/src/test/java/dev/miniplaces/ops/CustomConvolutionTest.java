package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.ops.ConvNets.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/** The custom convolution against DL4J's built-in one and against finite differences, in float64. */
class CustomConvolutionTest {
  private static DataType previousDefault;

  @BeforeAll
  static void doublePrecision() {
    previousDefault = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  @AfterAll
  static void restorePrecision() {
    Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
  }

  /** The reference kit's test: batch 2, 3 -> 64 channels, kernel 7, stride 2, padding 3, 12x12 input. */
  private static final Shape KIT = new Shape(2, 3, 12, 12, 64, new ConvGeometry(7, 7, 2, 2, 3, 3));

  @Test
  void referenceKitForwardMatchesTheBuiltInConvolution() {
    MultiLayerNetwork[] nets = ConvNets.pair(KIT, Activation.IDENTITY, DataType.DOUBLE, null, 0);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 12, 12).subi(0.5);

    INDArray custom = nets[0].feedForwardToLayer(0, x).get(1);
    INDArray builtIn = nets[1].feedForwardToLayer(0, x).get(1);

    assertThat(custom.shape()).containsExactly(2, 64, 6, 6);
    assertThat(maxAbsDiff(custom, builtIn)).isLessThan(1e-5);
  }

  @Test
  void referenceKitGradientsMatchFiniteDifferences() {
    MultiLayerNetwork net = ConvNets.network(ConvNets.custom(KIT, Activation.IDENTITY), KIT, DataType.DOUBLE,
        null, 0, 7);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 12, 12).subi(0.5);
    INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 64, 6, 6);

    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
        .net(net).input(x).labels(y).epsilon(1e-4).maxRelError(1e-3).minAbsoluteError(1e-5)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));

    assertThat(ok).as("weight and bias gradients").isTrue();
    assertInputGradientMatchesFiniteDifferences(net, x, y, 1e-4, 1e-3, 1e-5);
  }

  static Stream<Shape> grid() {
    List<Shape> shapes = new ArrayList<>();
    int[][] inputs = {{1, 9, 11, 3}, {5, 10, 8, 4}}; // channels, height, width, filters: odd/even, non-square
    for (int k : new int[] {1, 3, 5, 7}) {
      for (int s : new int[] {1, 2, 3}) {
        for (int p : new int[] {0, 1, 3}) {
          for (int[] in : inputs) {
            if (k <= Math.min(in[1], in[2]) + 2 * p) {
              shapes.add(new Shape(2, in[0], in[1], in[2], in[3], new ConvGeometry(k, k, s, s, p, p)));
            }
          }
        }
      }
    }
    shapes.add(new Shape(3, 2, 7, 12, 3, new ConvGeometry(3, 5, 1, 2, 1, 2))); // non-square kernel and stride
    return shapes.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grid")
  void matchesTheBuiltInForwardAndBackwardOnEveryShape(Shape s) {
    MultiLayerNetwork[] nets = ConvNets.pair(s, Activation.TANH, DataType.DOUBLE, null, 0);
    INDArray x = Nd4j.rand(DataType.DOUBLE, s.batch(), s.channels(), s.height(), s.width()).subi(0.5);
    INDArray out = nets[1].output(x);
    INDArray y = Nd4j.rand(DataType.DOUBLE, out.shape());

    assertThat(maxAbsDiff(nets[0].output(x), out)).isLessThan(1e-10);
    Pair<Gradient, INDArray> custom = nets[0].calculateGradients(x, y, null, null);
    Pair<Gradient, INDArray> builtIn = nets[1].calculateGradients(x, y, null, null);
    for (String param : new String[] {"0_W", "0_b"}) {
      assertThat(maxAbsDiff(custom.getFirst().getGradientFor(param), builtIn.getFirst().getGradientFor(param)))
          .as(param).isLessThan(1e-10);
    }
    assertThat(maxAbsDiff(custom.getSecond(), builtIn.getSecond())).as("input gradient").isLessThan(1e-10);
  }

  @Test
  void trainsToTheSameWeightsAsTheBuiltInWithMomentumAndWeightDecay() {
    Shape s = new Shape(4, 3, 16, 16, 8, new ConvGeometry(3, 3, 2, 2, 1, 1));
    MultiLayerNetwork[] nets = ConvNets.pair(s, Activation.RELU, DataType.FLOAT, new Nesterovs(0.05, 0.9), 1e-3);
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16).subi(0.5);
    INDArray y = Nd4j.rand(DataType.FLOAT, nets[1].output(x).shape());
    INDArray initial = nets[0].params().dup();

    for (int step = 0; step < 5; step++) {
      nets[0].fit(new DataSet(x, y));
      nets[1].fit(new DataSet(x, y));
    }

    assertThat(maxAbsDiff(nets[0].params(), initial)).as("the weights moved").isGreaterThan(1e-3);
    assertThat(maxAbsDiff(nets[0].params(), nets[1].params())).isLessThan(1e-5);
  }

  @Test
  void withoutBiasHasOnlyWeights() {
    Shape s = new Shape(2, 2, 6, 6, 3, new ConvGeometry(3, 3, 1, 1, 1, 1));
    MultiLayerNetwork net = ConvNets.network(new CustomConvolution.Builder(3).padding(1).hasBias(false).nOut(3)
        .activation(Activation.IDENTITY).build(), s, DataType.DOUBLE, null, 0, 1);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 6);

    assertThat(net.paramTable()).containsOnlyKeys("0_W");
    assertThat(net.numParams()).isEqualTo(3 * 2 * 3 * 3);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
        .labels(Nd4j.rand(DataType.DOUBLE, 2, 3, 6, 6)).epsilon(1e-4).maxRelError(1e-3).minAbsoluteError(1e-5)
        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    assertThat(ok).isTrue();
  }

  /**
   * dL/dX from backprop against central differences of the score, on every 7th input element (all positions of
   * the kernel and of the padding border are hit). DL4J's score is the mean over the minibatch while backprop
   * gives the gradient of the sum (the updater divides later), hence the factor of the batch size.
   */
  static void assertInputGradientMatchesFiniteDifferences(MultiLayerNetwork net, INDArray x, INDArray y,
      double eps, double relTolerance, double absTolerance) {
    INDArray analytic = net.calculateGradients(x, y, null, null).getSecond();
    INDArray flat = x.dup().reshape(x.length());
    long batch = x.size(0);
    for (long i = 0; i < flat.length(); i += 7) {
      double original = flat.getDouble(i);
      flat.putScalar(i, original + eps);
      double plus = net.score(new DataSet(flat.reshape(x.shape()), y));
      flat.putScalar(i, original - eps);
      double minus = net.score(new DataSet(flat.reshape(x.shape()), y));
      flat.putScalar(i, original);
      double numeric = batch * (plus - minus) / (2 * eps);
      double a = analytic.reshape(x.length()).getDouble(i);
      double error = Math.abs(a - numeric);
      assertThat(error <= absTolerance || error / Math.max(Math.abs(a), Math.abs(numeric)) <= relTolerance)
          .as("input element %d: analytic %s, numeric %s", i, a, numeric).isTrue();
    }
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    assertThat(a.shape()).containsExactly(b.shape());
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }
}
