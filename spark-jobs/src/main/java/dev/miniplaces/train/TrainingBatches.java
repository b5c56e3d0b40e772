package dev.miniplaces.train;

import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.image.ImageDecoder;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * The mini-batches of each averaging round, made on the executors: an epoch's images (in {@link EpochOrder}'s
 * order) are shuffled once, still encoded, into one partition per round and worker; each round's partitions are
 * decoded and augmented on a pool of the task's cores ({@link PreparedBatches}, {@link PrepThreads}) into
 * {@link DataSet}s of exactly one worker mini-batch each. Each image's augmentation is seeded by (seed, epoch,
 * image id), so an epoch is the same whichever executor runs it, and a task Spark retries redoes the same work.
 */
public final class TrainingBatches implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FusedAugmenter augmenter;
  private final ImageDecoder decoder;
  private final int numClasses;
  private final long seed;
  private final int heldByTrainer;

  /** @param heldByTrainer batches the trainer may hold at once ({@link PreparedBatches}' reuse of batch memory) */
  public TrainingBatches(FusedAugmenter augmenter, ImageDecoder decoder, int numClasses, long seed,
      int heldByTrainer) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2: " + numClasses);
    }
    this.augmenter = augmenter;
    this.decoder = decoder;
    this.numClasses = numClasses;
    this.seed = seed;
    this.heldByTrainer = heldByTrainer;
  }

  /** An encoded, labelled image of a split, as the training job caches it. */
  public record LabelledImage(long id, byte[] image, int label) implements Serializable {}

  /**
   * Epoch {@code epoch} as {@code order} describes it, ready to be trained round by round. The cached split is read
   * once and its encoded images are shuffled once into one partition per (round, worker), sorted in epoch order;
   * each round then reads only its own partitions. So an epoch reads each image twice (cache, shuffle) whatever its
   * number of rounds, and a task holds its worker's share of one round, still encoded. The shuffle files live as long
   * as the returned {@link Epoch} is referenced (Spark's cleaner removes them after); a lost executor's share is
   * recomputed from the cache.
   */
  public Epoch epoch(JavaRDD<LabelledImage> images, Broadcast<EpochOrder> order, int epoch,
      LongAccumulator undecodable) {
    EpochOrder plan = order.value();
    JavaPairRDD<Integer, LabelledImage> placed = images
        .mapToPair(image -> new Tuple2<>(order.value().positionOf(image.id()), image))
        .filter(p -> p._1() >= 0)
        .repartitionAndSortWithinPartitions(new RoundPartitioner(plan.shape(), plan.rounds()));
    return new Epoch(placed, plan.shape(), epoch, undecodable);
  }

  /** An epoch's images, shuffled into their rounds; {@link #round} gives one round's batches. */
  public final class Epoch {
    private final JavaPairRDD<Integer, LabelledImage> placed;
    private final EpochOrder.RoundShape shape;
    private final int epoch;
    private final LongAccumulator undecodable;

    private Epoch(JavaPairRDD<Integer, LabelledImage> placed, EpochOrder.RoundShape shape, int epoch,
        LongAccumulator undecodable) {
      this.placed = placed;
      this.shape = shape;
      this.epoch = epoch;
      this.undecodable = undecodable;
    }

    /** Round {@code round}: partition {@code w} holds worker {@code w}'s mini-batches, in epoch order. */
    public JavaRDD<DataSet> round(int round) {
      // Locals only: the task closure must not reach this (unserialisable) Epoch.
      TrainingBatches batches = TrainingBatches.this;
      int batchSize = shape.batchSizePerWorker();
      int epochNumber = epoch;
      LongAccumulator skipped = undecodable;
      RDD<Tuple2<Integer, LabelledImage>> own = PartitionPruningRDD.create(placed.rdd(),
          new PartitionsOfRound(round, shape.workers()));
      return own.toJavaRDD().mapPartitions(p -> batches.batches(p, batchSize, epochNumber,
          PrepThreads.forThisExecutor(), skipped::add));
    }
  }

  /**
   * The same epoch in one process, as a single-process trainer takes it: every global batch of {@code order} in
   * turn (the peer of parameter averaging in {@code benchmark training}), prepared on {@code threads} threads.
   */
  public Iterator<DataSet> inProcess(List<LabelledImage> images, EpochOrder order, int epoch, int threads,
      LongConsumer undecodable) {
    List<Tuple2<Integer, LabelledImage>> placed = images.stream()
        .map(image -> new Tuple2<>(order.positionOf(image.id()), image))
        .filter(p -> p._1() >= 0)
        .sorted(Comparator.comparing(Tuple2::_1))
        .toList();
    return batches(placed.iterator(), order.shape().globalBatch(), epoch, threads, undecodable);
  }

  /**
   * Mini-batches of {@code batchSize} from images already in epoch order, decoded and augmented ahead on
   * {@code threads} threads. In a Spark task the pool ends with the task, even one that fails or is killed.
   */
  private Iterator<DataSet> batches(Iterator<Tuple2<Integer, LabelledImage>> placed, int batchSize, int epoch,
      int threads, LongConsumer undecodable) {
    Iterator<LabelledImage> images = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return placed.hasNext();
      }

      @Override
      public LabelledImage next() {
        return placed.next()._2();
      }
    };
    PreparedBatches prepared = new PreparedBatches(images,
        new PreparedBatches.Recipe(decoder, augmenter, numClasses, seed, epoch), batchSize, threads, heldByTrainer,
        undecodable);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> prepared.close());
    }
    return prepared;
  }

  /** Sends an image at epoch position {@code p} to partition {@code round(p) * workers + worker(p)}. */
  static final class RoundPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final EpochOrder.RoundShape shape;
    private final int rounds;

    RoundPartitioner(EpochOrder.RoundShape shape, int rounds) {
      this.shape = shape;
      this.rounds = rounds;
    }

    @Override
    public int numPartitions() {
      return rounds * shape.workers();
    }

    @Override
    public int getPartition(Object key) {
      int position = (Integer) key;
      return shape.roundOf(position) * shape.workers() + shape.workerOf(position);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof RoundPartitioner p && p.shape.equals(shape) && p.rounds == rounds;
    }

    @Override
    public int hashCode() {
      return Objects.hash(shape, rounds);
    }
  }

  /** Keeps the partitions of one round (Spark's partition pruning: the others are not even scheduled). */
  private static final class PartitionsOfRound extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int round;
    private final int workers;

    PartitionsOfRound(int round, int workers) {
      this.round = round;
      this.workers = workers;
    }

    @Override
    public Object apply(Object partition) {
      return (Integer) partition / workers == round;
    }
  }

  /** A seed from three numbers, with each bit of each one spread over the result (SplitMix64's finaliser). */
  static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
