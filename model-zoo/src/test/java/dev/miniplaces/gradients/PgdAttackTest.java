package dev.miniplaces.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.gradients.PgdAttack.PixelRange;
import dev.miniplaces.gradients.PgdAttack.Settings;
import dev.miniplaces.gradients.PgdAttack.Target;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PgdAttackTest {
  private static ComputationGraph model;
  private static InputGradientGraph graph;
  private static DataSet batch;

  @BeforeAll
  static void trainModel() {
    model = ColourCastTask.trained("vgg-small", DataType.FLOAT, 30);
    graph = InputGradientGraph.of(model);
    batch = ColourCastTask.batch(16, 77, DataType.FLOAT);
  }

  @Test
  void staysInTheEpsilonBallAndLeavesTheCleanImagesAlone() {
    INDArray clean = batch.getFeatures().dup();
    for (boolean randomStart : new boolean[] {false, true}) {
      Settings settings = new Settings(5, 0.03, 0.05, Target.LEAST_LIKELY, randomStart, null);
      PgdAttack.Result result = new PgdAttack(settings).attack(graph, batch.getFeatures(), labels(), seeds());

      INDArray perturbation = result.adversarial().sub(clean);
      assertThat(perturbation.amaxNumber().doubleValue()).as("random start %s", randomStart)
          .isLessThanOrEqualTo(0.05 + 1e-6).isGreaterThan(0.049);
      for (float linf : result.linf()) {
        assertThat(linf).isLessThanOrEqualTo(0.05f + 1e-6f);
      }
      assertThat(batch.getFeatures().equalsWithEps(clean, 0)).isTrue();
    }
  }

  @Test
  void withEpsilonZeroChangesNothing() {
    PgdAttack.Result result = new PgdAttack(Settings.REFERENCE.withEpsilon(0)).attack(graph, batch.getFeatures(),
        labels(), seeds());

    assertThat(result.adversarial().equalsWithEps(batch.getFeatures(), 0)).isTrue();
    assertThat(result.linf()).containsOnly(0f);
    assertThat(result.adversarialProbabilities().equalsWithEps(result.cleanProbabilities(), 0)).isTrue();
  }

  @Test
  void leastLikelyTargetGainsProbabilityAndAccuracyFalls() {
    Settings strong = new Settings(10, 0.05, 0.5, Target.LEAST_LIKELY, false, null);
    PgdAttack.Result result = new PgdAttack(strong).attack(graph, batch.getFeatures(), labels(), seeds());

    assertThat(result.targets()).containsExactly(ClassLabels.argMin(result.cleanProbabilities()));
    double before = 0;
    double after = 0;
    for (int i = 0; i < result.targets().length; i++) {
      before += result.cleanProbabilities().getDouble(i, result.targets()[i]);
      after += result.adversarialProbabilities().getDouble(i, result.targets()[i]);
    }
    assertThat(after).as("summed target probability, from %.4f", before).isGreaterThan(before + 1);
    assertThat(accuracy(result.cleanProbabilities())).isGreaterThanOrEqualTo(0.9);
    assertThat(accuracy(result.adversarialProbabilities())).isLessThan(0.5);
  }

  @Test
  void untargetedAttackLowersTheTrueClassAndClampKeepsPixelsValid() {
    PixelRange range = new PixelRange(new float[] {-0.6f, -0.6f, -0.6f}, new float[] {0.6f, 0.6f, 0.6f});
    Settings settings = new Settings(10, 0.05, 0.5, Target.UNTARGETED, true, range);
    PgdAttack.Result result = new PgdAttack(settings).attack(graph, batch.getFeatures(), labels(), seeds());

    assertThat(result.targets()).containsExactly(labels());
    for (int c = 0; c < 3; c++) {
      INDArray channel = result.adversarial().get(NDArrayIndex.all(), NDArrayIndex.point(c));
      assertThat(channel.minNumber().floatValue()).isGreaterThanOrEqualTo(-0.6f);
      assertThat(channel.maxNumber().floatValue()).isLessThanOrEqualTo(0.6f);
    }
    assertThat(accuracy(result.adversarialProbabilities())).isLessThan(accuracy(result.cleanProbabilities()));
  }

  @Test
  void refusesNegativeSettings() {
    assertThatThrownBy(() -> new Settings(-1, 0.01, 0.1, Target.LEAST_LIKELY, false, null))
        .hasMessageContaining("steps");
    assertThatThrownBy(() -> new Settings(10, 0.01, -0.1, Target.LEAST_LIKELY, false, null))
        .hasMessageContaining("epsilon");
  }

  private static long[] seeds() {
    return java.util.stream.LongStream.range(0, batch.numExamples()).toArray();
  }

  private static int[] labels() {
    return ColourCastTask.labels(batch);
  }

  private static double accuracy(INDArray probabilities) {
    int[] predicted = probabilities.argMax(1).toIntVector();
    int[] labels = labels();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }
}
