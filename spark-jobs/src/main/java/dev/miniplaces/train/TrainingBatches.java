package dev.miniplaces.train;

import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.RejectedImageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One epoch of a split as mini-batches of augmented samples, made on the executors: each partition decodes its
 * images, augments them and stacks them into {@link DataSet}s, afresh each epoch. The order within a partition is
 * drawn anew each epoch and each image's augmentation is seeded by (seed, epoch, image id), so an epoch is
 * reproducible whatever executor runs it; images never move between partitions (no shuffle of image bytes: ingest
 * already spread the classes over the shards in random order).
 */
public final class TrainingBatches implements Serializable {
  private final Augmenter augmenter;
  private final ImageDecoder decoder;
  private final int numClasses;
  private final int batchSize;
  private final long seed;

  public TrainingBatches(Augmenter augmenter, ImageDecoder decoder, int numClasses, int batchSize, long seed) {
    if (numClasses < 1 || batchSize < 1) {
      throw new IllegalArgumentException("numClasses and batchSize must be >= 1: " + numClasses + ", " + batchSize);
    }
    this.augmenter = augmenter;
    this.decoder = decoder;
    this.numClasses = numClasses;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /**
   * The batches of one epoch. {@code rows} needs the columns {@code image_id}, {@code image} and {@code label};
   * images that no longer decode (they were checked at ingest) are skipped and counted in {@code undecodable}.
   */
  public JavaRDD<DataSet> epoch(Dataset<Row> rows, int epoch, LongAccumulator undecodable) {
    return rows.select(ImageTable.IMAGE_ID, ImageTable.IMAGE, ImageTable.LABEL).javaRDD()
        .mapPartitionsWithIndex((partition, it) -> batches(partition, it, epoch, undecodable), true);
  }

  private Iterator<DataSet> batches(int partition, Iterator<Row> rows, int epoch, LongAccumulator undecodable) {
    List<Row> order = new ArrayList<>();
    rows.forEachRemaining(order::add);
    Collections.shuffle(order, new Random(mix(seed, epoch, partition)));
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
        List<float[]> samples = new ArrayList<>(batchSize);
        List<Integer> labels = new ArrayList<>(batchSize);
        while (samples.size() < batchSize && next < order.size()) {
          Row row = order.get(next++);
          long id = row.getLong(0);
          if (row.isNullAt(2)) {
            throw new IllegalArgumentException("Image " + id + " has no label: train on labelled splits only");
          }
          try {
            Random random = new Random(mix(seed, epoch, id));
            samples.add(augmenter.augment(decoder.decodeRgb((byte[]) row.get(1)), random));
            labels.add(row.getInt(2));
          } catch (RejectedImageException e) {
            undecodable.add(1);
          }
        }
        return stack(samples, labels);
      }
    };
  }

  private DataSet stack(List<float[]> samples, List<Integer> labels) {
    int size = augmenter.config().outputSize();
    int perSample = 3 * size * size;
    float[] flat = new float[samples.size() * perSample];
    for (int i = 0; i < samples.size(); i++) {
      System.arraycopy(samples.get(i), 0, flat, i * perSample, perSample);
    }
    INDArray features = Nd4j.create(flat, new long[] {samples.size(), 3, size, size}, DataType.FLOAT);
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
