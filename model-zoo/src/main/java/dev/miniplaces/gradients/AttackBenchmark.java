package dev.miniplaces.gradients;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The analysis jobs' cost against their ideal, measured on one model and batch in the same run: a saliency map
 * should cost one forward and backward pass, and a PGD attack of S steps S + 1 of them. Rounds alternate the
 * three measurements so that the machine's drift hits them alike; the ratios are medians over the rounds.
 */
public final class AttackBenchmark {
  /**
   * @param passesPerSecond images/s of a plain forward and backward pass (input gradient)
   * @param saliencyEfficiency saliency images/s over {@code passesPerSecond}; ideal 1
   * @param pgdEfficiency PGD images/s × (steps + 1) over {@code passesPerSecond}; ideal 1
   */
  public record Result(double passesPerSecond, double saliencyPerSecond, double pgdPerSecond,
      double saliencyEfficiency, double pgdEfficiency) {}

  private AttackBenchmark() {}

  public static Result measure(ComputationGraph model, int batch, int size, PgdAttack.Settings settings,
      int iterations, int rounds) {
    InputGradientGraph graph = InputGradientGraph.of(model);
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, size, size).subi(0.5).muli(4);
    long classes = graph.forward(x).size(1);
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = (int) (i % classes);
    }
    INDArray oneHot = ClassLabels.oneHot(labels, classes, DataType.FLOAT);
    long[] seeds = LongStream.range(0, batch).toArray();
    PgdAttack attack = new PgdAttack(settings);
    Runnable pass = () -> graph.pass(x, probabilities -> oneHot);
    Runnable saliency = () -> Saliency.of(graph, x);
    Runnable pgd = () -> attack.attack(graph, x, labels, seeds);
    pass.run();
    saliency.run();
    pgd.run();

    double[] passRates = new double[rounds];
    double[] saliencyRates = new double[rounds];
    double[] pgdRates = new double[rounds];
    double[] saliencyRatios = new double[rounds];
    double[] pgdRatios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      passRates[r] = rate(pass, batch, iterations);
      saliencyRates[r] = rate(saliency, batch, iterations);
      pgdRates[r] = rate(pgd, batch, Math.max(1, iterations / Math.max(1, settings.steps())));
      saliencyRatios[r] = saliencyRates[r] / passRates[r];
      pgdRatios[r] = pgdRates[r] * (settings.steps() + 1) / passRates[r];
    }
    return new Result(median(passRates), median(saliencyRates), median(pgdRates), median(saliencyRatios),
        median(pgdRatios));
  }

  private static double rate(Runnable step, int batch, int iterations) {
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      step.run();
    }
    return (double) batch * iterations / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
