package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.SynthDatasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.miniplaces.bench.TrainingBenchmark;
import dev.miniplaces.predict.EvaluateJob;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training job on local Spark (two workers) and a small synthetic dataset: 4 classes, chance is 25%. */
class TrainJobTest {
  @TempDir static Path dir;
  private static Path dataset;
  private static SparkSession spark;

  @BeforeAll
  static void ingestASmallDataset() {
    spark = LocalSpark.get();
    dataset = SynthDatasets.ingested(dir, new SynthSpec(4, 48, 16, 0, 40, 7));
  }

  /** 192 train images in global batches of 32 over 2 workers: 6 steps an epoch, 3 averaging rounds of 2. */
  static TrainConfig config(String model, int epochs, double lr) {
    return new TrainConfig(dataset.toString(), model, epochs, 32, 2, 2, lr, 0.9, 1e-4, 0, 5,
        Augmentation.reference(40, 32), 40, false, 2, 0);
  }

  static TrainJob.Result train(TrainConfig config, Path runDir, StringWriter log) {
    return new TrainJob(spark, new PrintWriter(log, true), 0).start(config,
        new org.apache.hadoop.fs.Path(runDir.toString()));
  }

  @Test
  void learnsWellAboveChanceAndLeavesItsResultsBehind() {
    StringWriter log = new StringWriter();
    Path run = dir.resolve("run");

    TrainJob.Result result = train(config("resnet-small", 6, 0.2), run, log);

    assertThat(result.iterations()).isEqualTo(36);
    assertThat(result.bestTop1()).as(log.toString()).isGreaterThanOrEqualTo(60);
    assertThat(log.toString()).contains("epoch 6/6  round 3/3  iteration 36", "images/s", "ETA");
    List<Row> epochs = spark.read().parquet(run.resolve("metrics/epochs").toString()).orderBy("epoch")
        .collectAsList();
    assertThat(epochs).extracting(r -> r.getInt(r.fieldIndex("epoch"))).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(epochs.get(5).getDouble(epochs.get(5).fieldIndex("train_top1"))).isGreaterThan(25);
    assertThat(spark.read().parquet(run.resolve("metrics/iterations").toString()).count()).isEqualTo(18);
    assertThat(run.resolve("curves/loss.png")).isNotEmptyFile();
    assertThat(run.resolve("curves/accuracy.png")).isNotEmptyFile();
    assertThat(run.resolve("checkpoints")).isDirectoryContaining("glob:**/epoch-0006")
        .isDirectoryContaining("glob:**/epoch-0005").isDirectoryNotContaining("glob:**/epoch-0004");
    assertThat(run.resolve("model_best/model.zip")).isNotEmptyFile();

    evaluatesTheBestModelAsTrainingDid(run, result);
  }

  /** {@code evaluate} on the run: model_best scores what training measured, with per-class and confusion tables. */
  private void evaluatesTheBestModelAsTrainingDid(Path run, TrainJob.Result trained) {
    EvaluateJob job = new EvaluateJob(spark, new PrintWriter(new StringWriter()));
    org.apache.hadoop.fs.Path runPath = new org.apache.hadoop.fs.Path(run.toString());
    org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path(dataset.toString());

    EvaluateJob.Result plain = job.run(new EvaluateJob.Request(runPath, data, "val", false, null,
        new org.apache.hadoop.fs.Path(run.resolve("eval").toString())));
    EvaluateJob.Result flipped = job.run(new EvaluateJob.Request(runPath, data, "val", true, null,
        new org.apache.hadoop.fs.Path(run.resolve("eval-tta").toString())));

    assertThat(plain.accuracy().examples()).isEqualTo(64);
    assertThat(plain.accuracy().top1()).isEqualTo(trained.bestTop1());
    Dataset<Row> perClass = spark.read().parquet(run.resolve("eval/per_class").toString());
    assertThat(perClass.count()).isEqualTo(4);
    assertThat(perClass.agg(functions.sum("images")).first().getLong(0)).isEqualTo(64);
    Dataset<Row> confusion = spark.read().parquet(run.resolve("eval/confusion").toString());
    assertThat(confusion.agg(functions.sum("count")).first().getLong(0)).isEqualTo(64);
    assertThat(confusion.where("label = predicted").agg(functions.sum("count")).first().getLong(0))
        .isEqualTo(plain.accuracy().top1Hits());
    Dataset<Row> predictions = spark.read().parquet(run.resolve("eval/predictions").toString());
    Row one = predictions.orderBy("image_id").first();
    assertThat(one.getList(one.fieldIndex("top5_classes"))).hasSize(4).doesNotHaveDuplicates();
    List<Float> p = one.getList(one.fieldIndex("top5_probabilities"));
    assertThat(p).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(p.stream().mapToDouble(Float::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    Dataset<Row> tta = spark.read().parquet(run.resolve("eval-tta/predictions").toString());
    assertThat(tta.count()).isEqualTo(64);
    assertThat(tta.join(predictions, "image_id").where(
        tta.col("top5_probabilities").getItem(0).notEqual(predictions.col("top5_probabilities").getItem(0)))
        .count()).as("the mirror changes the probabilities").isGreaterThan(0);
    assertThat(flipped.accuracy().examples()).isEqualTo(64);
  }

  @Test
  void theTrainingBenchmarkComparesSparkWithOneProcess() {
    StringWriter log = new StringWriter();

    TrainingBenchmark.Result result = new TrainingBenchmark(spark, new PrintWriter(log, true)).run(
        new TrainingBenchmark.Settings(new org.apache.hadoop.fs.Path(dataset.toString()), "resnet-small", 32, 16,
            2, 192, 1));

    assertThat(result.sparkImagesPerSecond()[0]).isPositive();
    assertThat(result.singleImagesPerSecond()[0]).isPositive();
    assertThat(result.medianRatio()).isCloseTo(result.sparkImagesPerSecond()[0] / result.singleImagesPerSecond()[0],
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(log.toString()).contains("round 0 (warm-up)", "round 1", "Spark parameter averaging / single process");
  }
}
