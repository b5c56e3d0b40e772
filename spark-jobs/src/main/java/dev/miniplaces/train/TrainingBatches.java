package dev.miniplaces.train;

import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.augment.NchwBatch;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.RejectedImageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.LongConsumer;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * The mini-batches of one averaging round, made on the executors: the round's images (an {@link EpochOrder} slice)
 * are picked out of the cached, still-encoded split, sent to their worker's partition (only this round's encoded
 * bytes cross the network), put back in epoch order, decoded, augmented and stacked into {@link DataSet}s of
 * exactly one worker mini-batch each. Each image's augmentation is seeded by (seed, epoch, image id), so an epoch
 * is the same whichever executor runs it, and a task Spark retries redoes the same work.
 */
public final class TrainingBatches implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Augmenter augmenter;
  private final ImageDecoder decoder;
  private final int numClasses;
  private final long seed;

  public TrainingBatches(Augmenter augmenter, ImageDecoder decoder, int numClasses, long seed) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2: " + numClasses);
    }
    this.augmenter = augmenter;
    this.decoder = decoder;
    this.numClasses = numClasses;
    this.seed = seed;
  }

  /** An encoded, labelled image of a split, as the training job caches it. */
  public record LabelledImage(long id, byte[] image, int label) implements Serializable {}

  /**
   * Round {@code round} of the epoch {@code order} describes, as one partition per worker. Images that no longer
   * decode (ingest checked them) are skipped and counted in {@code undecodable}; their batch is a little smaller.
   */
  public JavaRDD<DataSet> round(JavaRDD<LabelledImage> images, Broadcast<EpochOrder> order, int epoch, int round,
      LongAccumulator undecodable) {
    int workers = order.value().shape().workers();
    int batchSize = order.value().shape().batchSizePerWorker();
    return images
        .mapToPair(image -> new Tuple2<>(order.value().positionOf(image.id()), image))
        .filter(placed -> placed._1() >= 0 && order.value().roundOf(placed._1()) == round)
        .mapToPair(placed -> new Tuple2<>(order.value().workerOf(placed._1()), placed))
        .partitionBy(new HashPartitioner(workers)) // key w < workers lands in partition w
        .values()
        .mapPartitions(placed -> batches(placed, batchSize, epoch, undecodable::add));
  }

  /**
   * The same epoch in one process, as a single-process trainer takes it: every global batch of {@code order} in
   * turn (the peer of parameter averaging in {@code benchmark training}).
   */
  public Iterator<DataSet> inProcess(List<LabelledImage> images, EpochOrder order, int epoch,
      LongConsumer undecodable) {
    List<Tuple2<Integer, LabelledImage>> placed = images.stream()
        .map(image -> new Tuple2<>(order.positionOf(image.id()), image))
        .filter(p -> p._1() >= 0)
        .toList();
    return batches(placed.iterator(), order.shape().globalBatch(), epoch, undecodable);
  }

  private Iterator<DataSet> batches(Iterator<Tuple2<Integer, LabelledImage>> placed, int batchSize, int epoch,
      LongConsumer undecodable) {
    List<Tuple2<Integer, LabelledImage>> order = new ArrayList<>();
    placed.forEachRemaining(order::add);
    order.sort(Comparator.comparing(Tuple2::_1));
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.size();
      }

      @Override
      public DataSet next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(next + batchSize, order.size());
        List<float[]> samples = new ArrayList<>(batchSize);
        List<Integer> labels = new ArrayList<>(batchSize);
        for (; next < end; next++) {
          LabelledImage image = order.get(next)._2();
          try {
            Random random = new Random(mix(seed, epoch, image.id()));
            samples.add(augmenter.augment(decoder.decodeRgb(image.image()), random));
            labels.add(image.label());
          } catch (RejectedImageException e) {
            undecodable.accept(1);
          }
        }
        return stack(samples, labels, augmenter.config().outputSize(), numClasses);
      }
    };
  }

  /** Samples (normalised CHW floats of one size) and their labels as a float32 NCHW batch with one-hot labels. */
  static DataSet stack(List<float[]> samples, List<Integer> labels, int size, int numClasses) {
    INDArray features = NchwBatch.of(samples, size);
    INDArray oneHot = Nd4j.zeros(DataType.FLOAT, samples.size(), numClasses);
    for (int i = 0; i < labels.size(); i++) {
      oneHot.putScalar(i, labels.get(i), 1f);
    }
    return new DataSet(features, oneHot);
  }

  /** A seed from three numbers, with each bit of each one spread over the result (SplitMix64's finaliser). */
  static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
