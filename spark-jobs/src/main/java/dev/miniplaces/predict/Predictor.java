package dev.miniplaces.predict;

import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.image.ImageDecoder;
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
  private final ImageDecoder decoder;
  private final int size;
  private final boolean flip;
  private final int topK;
  private final int batchSize;

  /** @param batchSize images per batch ({@link BatchMemory}: the reference's 100 where memory allows) */
  public Predictor(ImageDecoder decoder, int size, boolean flip, int topK, int batchSize) {
    this.decoder = decoder;
    this.size = size;
    this.flip = flip;
    this.topK = topK;
    this.batchSize = batchSize;
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
    return new EvaluationBatches(decoder, size, batchSize, flip).flatMap(rows, undecodable,
        batch -> predictBatch(model, batch));
  }

  private List<Prediction> predictBatch(ComputationGraph model, EvaluationBatches.Batch batch) {
    INDArray scores = Transforms.log(model.outputSingle(false, batch.features()).addi(1e-30f), false);
    if (flip) {
      scores.addi(Transforms.log(model.outputSingle(false, batch.mirrored()).addi(1e-30f), false)).divi(2);
    }
    INDArray probabilities = Transforms.softmax(scores, false);
    float[][] p = probabilities.toFloatMatrix();
    int[][] best = TopK.indices(probabilities, topK);
    List<Prediction> result = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      float[] bestP = new float[best[i].length];
      for (int j = 0; j < bestP.length; j++) {
        bestP[j] = p[i][best[i][j]];
      }
      result.add(new Prediction(batch.ids()[i], batch.labels()[i], best[i], bestP));
    }
    return result;
  }

}
