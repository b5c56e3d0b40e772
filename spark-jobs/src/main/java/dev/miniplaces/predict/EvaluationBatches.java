package dev.miniplaces.predict;

import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.augment.NchwBatch;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.RejectedImageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A partition's rows ({@code image_id}, {@code image}, {@code label}) as the reference's evaluation input, in
 * batches, on the executor: each image decoded, scaled whole to {@code size}² (bilinear) and normalised; its
 * mirror too if asked. Images that no longer decode are counted and left out.
 */
public final class EvaluationBatches implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * @param labels -1 where the image has no label
   * @param features [N, 3, size, size]
   * @param mirrored the mirrored images, or null
   */
  public record Batch(long[] ids, int[] labels, INDArray features, INDArray mirrored) {
    public int size() {
      return ids.length;
    }
  }

  private final ImageDecoder decoder;
  private final int size;
  private final int batchSize;
  private final boolean mirror;

  public EvaluationBatches(ImageDecoder decoder, int size, int batchSize, boolean mirror) {
    this.decoder = decoder;
    this.size = size;
    this.batchSize = batchSize;
    this.mirror = mirror;
  }

  /** {@code perBatch} applied to each batch of {@code rows} in turn, lazily; its results one by one. */
  public <T> Iterator<T> flatMap(Iterator<Row> rows, LongAccumulator undecodable,
      Function<Batch, List<T>> perBatch) {
    return new Iterator<>() {
      private List<T> ready = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == ready.size() && rows.hasNext()) {
          Batch batch = nextBatch(rows, undecodable);
          ready = batch.size() == 0 ? List.of() : perBatch.apply(batch);
          next = 0;
        }
        return next < ready.size();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  private Batch nextBatch(Iterator<Row> rows, LongAccumulator undecodable) {
    List<Long> ids = new ArrayList<>(batchSize);
    List<Integer> labels = new ArrayList<>(batchSize);
    List<float[]> plain = new ArrayList<>(batchSize);
    List<float[]> mirrored = new ArrayList<>(mirror ? batchSize : 0);
    while (ids.size() < batchSize && rows.hasNext()) {
      Row row = rows.next();
      try {
        var image = decoder.decodeRgb((byte[]) row.get(1));
        plain.add(Augmenter.evaluation(image, size, false));
        if (mirror) {
          mirrored.add(Augmenter.evaluation(image, size, true));
        }
        ids.add(row.getLong(0));
        labels.add(row.isNullAt(2) ? -1 : row.getInt(2));
      } catch (RejectedImageException e) {
        undecodable.add(1);
      }
    }
    return new Batch(ids.stream().mapToLong(Long::longValue).toArray(),
        labels.stream().mapToInt(Integer::intValue).toArray(), plain.isEmpty() ? null : NchwBatch.of(plain, size),
        mirror && !mirrored.isEmpty() ? NchwBatch.of(mirrored, size) : null);
  }
}
