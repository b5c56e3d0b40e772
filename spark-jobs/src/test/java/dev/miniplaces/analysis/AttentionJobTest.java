package dev.miniplaces.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.predict.TrainedModel;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.TrainedSynthModel;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The attention job over the whole val split of a synthetic dataset, on local Spark with two executor threads. */
class AttentionJobTest {
  private static final int SIZE = TrainedSynthModel.EVAL_SIZE;
  @TempDir static Path dir;
  private static SparkSession spark;
  private static TrainedSynthModel trained;
  private static AttentionJob.Result result;
  private static String log;

  @BeforeAll
  static void computeTheMaps() {
    spark = LocalSpark.get();
    trained = TrainedSynthModel.get();
    StringWriter out = new StringWriter();
    result = new AttentionJob(spark, new PrintWriter(out, true)).run(new AttentionJob.Request(trained.run(),
        trained.dataset(), "val", null, new org.apache.hadoop.fs.Path(dir.resolve("attention").toString()), 30,
        1));
    log = out.toString();
  }

  private static List<Row> rows() {
    return spark.read().parquet(dir.resolve("attention/attention").toString()).orderBy("image_id")
        .collectAsList();
  }

  @Test
  void writesAMapAndItsStatisticsForEveryImage() {
    List<Row> rows = rows();
    assertThat(result.images()).isEqualTo(64);
    assertThat(rows).hasSize(64);
    assertThat(log).contains("Saliency maps of", "64 images", "top 10% of pixels");
    for (Row r : rows) {
      float max = r.getAs("saliency_max");
      float[] map = GrayPng.decode(r.getAs("saliency_png"), max);
      assertThat(map).hasSize(SIZE * SIZE);
      assertThat(r.<Integer>getAs("map_size")).isEqualTo(SIZE);
      assertThat(max).isPositive();
      float minimum = Float.MAX_VALUE;
      for (float v : map) {
        minimum = Math.min(minimum, v);
      }
      assertThat(minimum).isGreaterThanOrEqualTo(0);
      int peak = r.<Integer>getAs("peak_y") * SIZE + r.<Integer>getAs("peak_x");
      assertThat(map[peak]).as("the peak decodes to the maximum").isEqualTo(max);
      assertThat(r.<Float>getAs("top10_share")).isBetween(0.1f, 1f);
      assertThat(r.<Float>getAs("saliency_mean")).isLessThanOrEqualTo(max);
      assertThat(r.<Float>getAs("confidence")).isBetween(0.25f, 1f);
      assertThat(r.<Boolean>getAs("correct")).isEqualTo(r.<Integer>getAs("predicted").equals(r.getAs("label")));
    }
  }

  @Test
  void explainsThePredictionsTheEvaluationMakes() {
    new EvaluateJob(spark, new PrintWriter(new StringWriter())).run(new EvaluateJob.Request(trained.run(),
        trained.dataset(), "val", false, null, new org.apache.hadoop.fs.Path(dir.resolve("eval").toString())));
    Map<Long, Integer> evaluated = new java.util.HashMap<>();
    for (Row r : spark.read().parquet(dir.resolve("eval/predictions").toString()).collectAsList()) {
      evaluated.put(r.getLong(0), r.getInt(r.fieldIndex("predicted")));
    }
    for (Row r : rows()) {
      assertThat(r.<Integer>getAs("predicted")).as("image %d", r.getLong(0)).isEqualTo(evaluated.get(r.getLong(0)));
    }
  }

  /**
   * The map of one image against central differences of the model's loss in inference mode (float64), on the
   * peak pixel: saliency is the largest |dL/dx| over the three channels there.
   */
  @Test
  void peakSaliencyMatchesFiniteDifferences() throws Exception {
    Row row = rows().get(0);
    FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    ComputationGraph model = TrainedModel.read(fs, trained.run()).model().convertDataType(DataType.DOUBLE);
    SplitImages images = new SplitImages(spark, trained.dataset(), "val",
        DatasetMetadata.read(fs, trained.dataset()));
    float[] chw = images.evaluationInputs(List.of(row.getLong(0)), SIZE).get(row.getLong(0));
    INDArray x = Nd4j.create(chw, new long[] {1, 3, SIZE, SIZE}, 'c').castTo(DataType.DOUBLE);
    int predicted = row.getAs("predicted");
    int px = row.getAs("peak_x");
    int py = row.getAs("peak_y");

    double h = 1e-4;
    double largest = 0;
    for (int c = 0; c < 3; c++) {
      double original = x.getDouble(0, c, py, px);
      x.putScalar(new long[] {0, c, py, px}, original + h);
      double up = -Math.log(model.outputSingle(false, x).getDouble(0, predicted));
      x.putScalar(new long[] {0, c, py, px}, original - h);
      double down = -Math.log(model.outputSingle(false, x).getDouble(0, predicted));
      x.putScalar(new long[] {0, c, py, px}, original);
      largest = Math.max(largest, Math.abs((up - down) / (2 * h)));
    }
    float saliency = row.getAs("saliency_max");
    assertThat((double) saliency).isCloseTo(largest, within(0.02 * largest + 1e-6));
  }

  @Test
  void drawsTheGridsAsImages() throws Exception {
    assertThat(result.grids()).extracting(org.apache.hadoop.fs.Path::getName).containsExactly(
        "sample.png", "sample-heat.png", "most-confident.png", "most-confident-heat.png", "least-confident.png",
        "least-confident-heat.png");
    int tile = 3 * SIZE; // enlarged to at least 96 pixels
    for (org.apache.hadoop.fs.Path grid : result.grids()) {
      BufferedImage image = ImageIO.read(new File(grid.toUri().getPath()));
      assertThat(image.getWidth()).as(grid.getName()).isEqualTo(10 * (tile + 2) + 2);
      assertThat(image.getHeight()).as(grid.getName()).isEqualTo(3 * (tile + ImageGrid.CAPTION + 2) + 2);
    }
  }
}
