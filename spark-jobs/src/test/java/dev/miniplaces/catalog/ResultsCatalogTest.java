package dev.miniplaces.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.analysis.AttentionJob;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.predict.EvaluateJob;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.TrainedSynthModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results catalog on local Spark: every job's tables, joined by name in SQL, each row with its run and dataset;
 * a failed job leaves no rows; concurrent appends all land.
 */
class ResultsCatalogTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static TrainedSynthModel trained;
  private static String runId;
  private static String datasetId;

  @BeforeAll
  static void runEveryJob() throws Exception {
    spark = LocalSpark.get();
    trained = TrainedSynthModel.get(); // ingest and train register themselves
    FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    runId = fs.makeQualified(trained.run()).toString();
    datasetId = DatasetMetadata.read(fs, trained.dataset()).datasetId();
    PrintWriter quiet = new PrintWriter(new StringWriter());
    new EvaluateJob(spark, quiet).run(new EvaluateJob.Request(trained.run(), trained.dataset(), "val", false, null,
        out("eval")));
    new AttentionJob(spark, quiet).run(new AttentionJob.Request(trained.run(), trained.dataset(), "val", null,
        out("attention"), 0, 1));
    new AdversarialJob(spark, quiet).run(new AdversarialJob.Request(trained.run(), trained.dataset(), "val", null,
        out("adversarial"), PgdAttack.Settings.REFERENCE, List.of(0.0, 0.1), 0, 1));
  }

  private static org.apache.hadoop.fs.Path out(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toString());
  }

  private static List<Row> sql(String query) {
    return spark.sql(query).collectAsList();
  }

  @Test
  void everyJobRegistersItsTablesWithTheirRunAndDataset() {
    for (String table : List.of("predictions", "class_accuracy", "confusion", "evaluations", "attention",
        "adversarial", "adversarial_summary", "epoch_metrics", "iteration_metrics", "runs")) {
      long rows = sql("SELECT count(*) FROM " + table + " WHERE run_id = '" + runId + "' AND dataset_id = '"
          + datasetId + "'").get(0).getLong(0);
      assertThat(rows).as(table).isPositive();
    }
    assertThat(sql("SELECT train_images, val_images FROM datasets WHERE dataset_id = '" + datasetId + "'"))
        .singleElement().satisfies(r -> {
          assertThat(r.getLong(0)).isEqualTo(192);
          assertThat(r.getLong(1)).isEqualTo(64);
        });
    assertThat(sql("SELECT count(*) FROM predictions WHERE run_id = '" + runId + "'").get(0).getLong(0))
        .isEqualTo(64);
    assertThat(sql("SELECT epoch FROM epoch_metrics WHERE run_id = '" + runId + "' ORDER BY epoch"))
        .extracting(r -> r.getInt(0)).containsExactly(1, 2, 3, 4, 5, 6);
  }

  /** The README's example queries, read from it and run as written. */
  @Test
  void theReadmeQueriesAnswer() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("bin/miniplaces sql \"([^\"]+)\"")
        .matcher(readme);
    List<String> queries = new ArrayList<>();
    while (m.find()) {
      queries.add(m.group(1).replaceAll("\\s+", " "));
    }
    assertThat(queries).hasSize(3);
    assertThat(sql(queries.get(0))).isNotEmpty();
    assertThat(sql(queries.get(1))).hasSizeLessThanOrEqualTo(10); // empty if every model here is always right
    assertThat(sql(queries.get(2))).isNotEmpty().allSatisfy(r -> assertThat(r.getDouble(2)).isBetween(0.1, 1.0));
    List<Row> mine = spark.sql(queries.get(0)).where("run_id = '" + runId + "'").collectAsList();
    assertThat(mine).extracting(r -> r.getDouble(1)).containsExactly(0.0, 0.1);
    assertThat(mine.get(0).getDouble(3)).as("no attack, no change").isEqualTo(mine.get(0).getDouble(2));
  }

  /** A job whose second table cannot be appended takes back its first and publishes no folder. */
  @Test
  void aFailedJobLeavesNoRows() throws Exception {
    spark.sql("CREATE TABLE IF NOT EXISTS miniplaces.results.typed_probe (x INT) USING iceberg");
    org.apache.hadoop.fs.Path output = out("failed");
    FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    String jobId;
    try (ResultsPublisher results = ResultsPublisher.begin(spark, fs, output, "probe", "run-probe", "ds-probe")) {
      jobId = results.job().jobId();
      results.table("first", "probe_first", spark.range(5).toDF("n"));
      results.table("second", "typed_probe", spark.sql("SELECT map('a', 1) AS x")); // a map is no INT
      assertThatThrownBy(results::commit).hasMessageContaining("typed_probe");
    }
    assertThat(sql("SELECT count(*) FROM probe_first WHERE job_id = '" + jobId + "'").get(0).getLong(0)).isZero();
    assertThat(Files.exists(dir.resolve("failed"))).isFalse();
  }

  @Test
  void concurrentAppendsAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> appends = new ArrayList<>();
    String dataset = "ds-concurrent-" + java.util.UUID.randomUUID(); // the test warehouse outlives a test run
    for (int i = 0; i < 6; i++) {
      int n = i;
      appends.add(pool.submit(() -> ResultsCatalog.begin(spark, "concurrent", "run-" + n, dataset)
          .append("concurrent_probe", spark.range(10).toDF("n"))));
    }
    for (Future<?> append : appends) {
      append.get();
    }
    pool.shutdown();
    assertThat(sql("SELECT count(*), count(DISTINCT job_id) FROM concurrent_probe WHERE dataset_id = '"
        + dataset + "'").get(0)).satisfies(r -> {
          assertThat(r.getLong(0)).isEqualTo(60);
          assertThat(r.getLong(1)).isEqualTo(6);
        });
  }
}
