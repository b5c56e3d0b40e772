package dev.miniplaces.predict;

import dev.miniplaces.augment.Augmenter;
import dev.miniplaces.augment.NchwBatch;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.RejectedImageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A model's predictions for every image of a split, computed on the executors where the images are: the
 * reference's evaluation input (the whole image scaled to {@code size}², bilinear, normalised), in batches, and
 * with test-time flip averaging if asked: the image and its mirror are scored and their log-probabilities averaged
 * (the same ranking as averaging logits, which the reference does).
 */
public final class Predictor implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The reference evaluates in batches of 100. */
  public static final int BATCH = 100;

  private final ImageDecoder decoder;
  private final int size;
  private final boolean flip;
  private final int topK;

  public Predictor(ImageDecoder decoder, int size, boolean flip, int topK) {
    this.decoder = decoder;
    this.size = size;
    this.flip = flip;
    this.topK = topK;
  }

  /**
   * Predictions for {@code rows} (columns {@code image_id}, {@code image}, {@code label}); images that no longer
   * decode are counted in {@code undecodable} and left out.
   */
  public JavaRDD<Prediction> predict(JavaSparkContext sc, ComputationGraph model, Dataset<Row> rows,
      LongAccumulator undecodable) {
    Broadcast<ModelBroadcast> broadcast = sc.broadcast(new ModelBroadcast(model));
    return rows.select(ImageTable.IMAGE_ID, ImageTable.IMAGE, ImageTable.LABEL).javaRDD()
        .mapPartitions(partition -> predictPartition(broadcast.value().rebuild(), partition, undecodable));
  }

  private Iterator<Prediction> predictPartition(ComputationGraph model, Iterator<Row> rows,
      LongAccumulator undecodable) {
    return new Iterator<>() {
      private final List<Prediction> ready = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == ready.size() && rows.hasNext()) {
          ready.clear();
          next = 0;
          ready.addAll(predictBatch(model, rows, undecodable));
        }
        return next < ready.size();
      }

      @Override
      public Prediction next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  private List<Prediction> predictBatch(ComputationGraph model, Iterator<Row> rows, LongAccumulator undecodable) {
    List<Long> ids = new ArrayList<>(BATCH);
    List<Integer> labels = new ArrayList<>(BATCH);
    List<float[]> plain = new ArrayList<>(BATCH);
    List<float[]> mirrored = new ArrayList<>(BATCH);
    while (ids.size() < BATCH && rows.hasNext()) {
      Row row = rows.next();
      try {
        var image = decoder.decodeRgb((byte[]) row.get(1));
        plain.add(Augmenter.evaluation(image, size, false));
        if (flip) {
          mirrored.add(Augmenter.evaluation(image, size, true));
        }
        ids.add(row.getLong(0));
        labels.add(row.isNullAt(2) ? -1 : row.getInt(2));
      } catch (RejectedImageException e) {
        undecodable.add(1);
      }
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    INDArray scores = Transforms.log(model.outputSingle(false, NchwBatch.of(plain, size)).addi(1e-30f), false);
    if (flip) {
      scores.addi(Transforms.log(model.outputSingle(false, NchwBatch.of(mirrored, size)).addi(1e-30f), false)).divi(2);
    }
    INDArray probabilities = Transforms.softmax(scores, false);
    float[][] p = probabilities.toFloatMatrix();
    int[][] best = TopK.indices(probabilities, topK);
    List<Prediction> result = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      float[] bestP = new float[best[i].length];
      for (int j = 0; j < bestP.length; j++) {
        bestP[j] = p[i][best[i][j]];
      }
      result.add(new Prediction(ids.get(i), labels.get(i), best[i], bestP));
    }
    return result;
  }

}
