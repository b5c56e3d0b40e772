package dev.miniplaces.train;

/** What a training run records, as rows of its results tables. */
public final class TrainingMetrics {
  private TrainingMetrics() {}

  /** Logged every few iterations: the training loss and the learning rate the step used. */
  public record Iteration(long iteration, int epoch, double loss, double learningRate) {}

  /** Logged after every epoch: accuracies in percent, wall time and throughput of the epoch's training. */
  public record Epoch(int epoch, double trainTop1, double trainTop5, double valTop1, double valTop5, double seconds,
      double imagesPerSecond) {}
}
