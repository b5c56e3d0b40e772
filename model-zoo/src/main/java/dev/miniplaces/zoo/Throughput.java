package dev.miniplaces.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images per second of a zoo model on one machine, the way the PyTorch peer ({@code
 * docs/scripts/pytorch_simplenet.py}) measures it: random input and labels, warm-up steps, then the median of
 * several timed runs of training steps (forward, backward, update) and of inference.
 */
public final class Throughput {
  /** Training and inference rates, images/s, medians of the runs. */
  public record Result(double trainImagesPerSecond, double inferImagesPerSecond) {}

  private Throughput() {}

  public static Result measure(ComputationGraph net, int batch, int size, int iterations, int repeats) {
    int classes = (int) net.getOutputLayer(0).getParam("b").length();
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, size, size).subi(0.5);
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) {
      y.putScalar(i, i % classes, 1);
    }
    DataSet data = new DataSet(x, y);
    double train = rate(() -> net.fit(data), batch, iterations, repeats);
    double infer = rate(() -> net.outputSingle(false, x), batch, iterations, repeats);
    return new Result(train, infer);
  }

  private static double rate(Runnable step, int batch, int iterations, int repeats) {
    for (int i = 0; i < 3; i++) {
      step.run();
    }
    double[] rates = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        step.run();
      }
      rates[r] = (double) batch * iterations / ((System.nanoTime() - start) / 1e9);
    }
    return Nd4j.createFromArray(rates).medianNumber().doubleValue();
  }
}
