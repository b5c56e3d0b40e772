package dev.miniplaces.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;

/**
 * Which images one epoch trains on, and in what order, drawn on the driver and broadcast to the executors: a
 * random permutation of the split (reproducible from the seed and the epoch), cut into global batches of
 * {@code workers × batchSizePerWorker} with the last partial one dropped, as the reference drops it. Consecutive
 * global batches form averaging rounds of {@code averagingFrequency} batches per worker; inside a round, image
 * {@code k} goes to worker {@code k mod workers}, so every worker gets whole, equally sized mini-batches.
 */
public final class EpochOrder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] ids;
  private final int[] positions;
  private final RoundShape shape;
  private final int used;

  /**
   * How images group into steps.
   *
   * @param workers models trained side by side (Spark tasks per round)
   * @param batchSizePerWorker images of each worker's mini-batch
   * @param averagingFrequency mini-batches each worker trains between two parameter averagings
   */
  public record RoundShape(int workers, int batchSizePerWorker, int averagingFrequency) implements Serializable {
    public RoundShape {
      if (workers < 1 || batchSizePerWorker < 1 || averagingFrequency < 1) {
        throw new IllegalArgumentException("Invalid round: " + workers + " workers, batch " + batchSizePerWorker
            + ", averaging every " + averagingFrequency);
      }
    }

    public int globalBatch() {
      return workers * batchSizePerWorker;
    }

    public int imagesPerRound() {
      return globalBatch() * averagingFrequency;
    }

    /** The round of the image at {@code position} in an epoch's order. */
    public int roundOf(int position) {
      return position / imagesPerRound();
    }

    /** The worker that trains on the image at {@code position}. */
    public int workerOf(int position) {
      return position % workers;
    }

    /** Steps (global batches) an epoch of {@code images} makes: the last partial batch is dropped. */
    public long iterationsPerEpoch(long images) {
      return images / globalBatch();
    }
  }

  private EpochOrder(long[] ids, int[] positions, RoundShape shape, int used) {
    this.ids = ids;
    this.positions = positions;
    this.shape = shape;
    this.used = used;
  }

  /** The order of epoch {@code epoch} over the split's image ids (any order; they are sorted here). */
  public static EpochOrder draw(long[] imageIds, RoundShape shape, long seed, int epoch) {
    long[] ids = imageIds.clone();
    Arrays.sort(ids);
    int[] order = new int[ids.length];
    Arrays.setAll(order, i -> i);
    Random random = new Random(TrainingBatches.mix(seed, epoch, -1));
    for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int used = (int) (shape.iterationsPerEpoch(ids.length) * shape.globalBatch());
    int[] positions = new int[ids.length];
    for (int position = 0; position < order.length; position++) {
      positions[order[position]] = position < used ? position : -1;
    }
    return new EpochOrder(ids, positions, shape, used);
  }

  public RoundShape shape() {
    return shape;
  }

  /** Images trained on this epoch (a multiple of the global batch). */
  public int images() {
    return used;
  }

  public int rounds() {
    return (used + shape.imagesPerRound() - 1) / shape.imagesPerRound();
  }

  /** Global batches (each worker's mini-batches) in round {@code round}: the last round may have fewer. */
  public int iterationsIn(int round) {
    int start = round * shape.imagesPerRound();
    return Math.min(shape.imagesPerRound(), used - start) / shape.globalBatch();
  }

  /** The image's place in this epoch's order, or -1 if it is not trained on this epoch (or not in the split). */
  public int positionOf(long imageId) {
    int i = Arrays.binarySearch(ids, imageId);
    return i < 0 ? -1 : positions[i];
  }

  public int roundOf(int position) {
    return shape.roundOf(position);
  }

  public int workerOf(int position) {
    return shape.workerOf(position);
  }
}
