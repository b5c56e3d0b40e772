package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.CliJvm;
import dev.miniplaces.testing.MiniHdfs;
import dev.miniplaces.testing.PostgresServer;
import dev.miniplaces.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with every path on {@code hdfs://} (Hadoop's in-process mini cluster) and the results catalog
 * in a real PostgreSQL database, each command in its own JVM as a user runs it: ingest from HDFS, train (killed
 * once its first checkpoint is on HDFS), {@code train --resume} from HDFS, evaluate, attention, adversarial, then
 * {@code sql} over the results. Nothing is written to the commands' working directory.
 */
class ClusterStorageIT {
  private static final SynthSpec SPEC = new SynthSpec(4, 24, 6, 0, 40, 7);
  private static final String DATABASE = "results";

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static MiniHdfs hdfs;
  private static Path workingDir;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start(DATABASE);
    hdfs = MiniHdfs.start(dir.resolve("hdfs"));
    workingDir = Files.createDirectories(dir.resolve("cwd"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (hdfs != null) {
      hdfs.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void thePipelineRunsOnHdfsWithItsCatalogInPostgres() throws Exception {
    new SynthDatasetWriter(SPEC).writeTo(MiniPlacesWriter.forRoot(hdfs.path("/source"), hdfs.fs().getConf()),
        n -> {});
    String dataset = hdfs.uri("/datasets/synth");
    String run = hdfs.uri("/runs/resnet");

    miniplaces("ingest", "--source", hdfs.uri("/source"), "--output", dataset, "--splits", "train,val");
    assertThat(hdfs.files("/datasets/synth")).contains("_dataset.json");

    List<String> train = List.of("train", "--data", dataset, "--model", "resnet-small", "--image-size", "32",
        "--epochs", "2", "--batch-size", "16", "--workers", "2", "--averaging-frequency", "2",
        "--progress-seconds", "1");
    List<String> firstTry = new ArrayList<>(train);
    firstTry.addAll(List.of("--out", run));
    Process killed = start("train-killed", firstTry);
    Checkpoints checkpoints = new Checkpoints(hdfs.fs(), hdfs.path("/runs/resnet"));
    while (killed.isAlive() && checkpoints.latest().isEmpty()) {
      Thread.sleep(200);
    }
    killed.destroyForcibly().waitFor();
    assertThat(checkpoints.latest()).as("epoch 1's checkpoint on HDFS").hasValueSatisfying(
        c -> assertThat(c.state().epoch()).isEqualTo(1));

    String resumed = miniplaces("train", "--resume", run);
    assertThat(resumed).contains("Resuming resnet-small", "(from epoch 1", "epoch 2/2:");
    assertThat(hdfs.files("/runs/resnet")).anyMatch(f -> f.startsWith(Checkpoints.CHECKPOINTS + "/"))
        .anyMatch(f -> f.startsWith(Checkpoints.BEST + "/")).anyMatch(f -> f.endsWith(".png"));

    miniplaces("evaluate", "--model", run, "--data", dataset, "--out", hdfs.uri("/analysis/eval"));
    miniplaces("attention", "--model", run, "--data", dataset, "--out", hdfs.uri("/analysis/attention"),
        "--grid-images", "4");
    miniplaces("adversarial", "--model", run, "--data", dataset, "--out", hdfs.uri("/analysis/adversarial"),
        "--steps", "2", "--epsilons", "0.02,0.05", "--grid-images", "4");
    for (String analysis : List.of("eval", "attention", "adversarial")) {
      assertThat(hdfs.files("/analysis/" + analysis)).as(analysis).anyMatch(f -> f.endsWith(".parquet"));
    }

    JsonNode counts = CliJvm.jsonRows(miniplaces("sql", "SELECT (SELECT count(*) FROM predictions) AS predictions, "
        + "(SELECT count(DISTINCT epoch) FROM epoch_metrics) AS epochs, "
        + "(SELECT count(*) FROM attention) AS attention, "
        + "(SELECT count(DISTINCT epsilon) FROM adversarial_summary) AS epsilons, "
        + "(SELECT count(*) FROM runs WHERE run_id = '" + run + "') AS runs", "--format", "json"));
    int val = SPEC.classes() * SPEC.valPerClass();
    assertThat(counts.get(0).get("predictions").asInt()).isEqualTo(val);
    assertThat(counts.get(0).get("epochs").asInt()).isEqualTo(2);
    assertThat(counts.get(0).get("attention").asInt()).isEqualTo(val);
    assertThat(counts.get(0).get("epsilons").asInt()).isEqualTo(2);
    assertThat(counts.get(0).get("runs").asInt()).isEqualTo(1);

    assertThat(postgres.query(DATABASE, "SELECT table_name FROM iceberg_tables")).contains("datasets", "runs",
        "epoch_metrics", "predictions", "evaluations", "attention", "adversarial_summary");
    assertThat(hdfs.files("/warehouse")).anyMatch(f -> f.startsWith("results/predictions/data/"));
    try (var left = Files.list(workingDir)) {
      assertThat(left).as("files left in the working directory").isEmpty();
    }
  }

  /** Runs the CLI in a new JVM with the cluster's storage settings; returns its output, failing on non-zero exit. */
  private static String miniplaces(String... args) throws Exception {
    return CliJvm.finish(start(args[0], List.of(args)), dir, args[0]);
  }

  private static Process start(String name, List<String> args) throws IOException {
    List<String> argv = new ArrayList<>(args);
    argv.addAll(List.of("--master", "local[2]", "--warehouse", hdfs.uri("/warehouse"), "--catalog-uri",
        postgres.jdbcUrl(DATABASE), "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1"));
    return CliJvm.start(dir, workingDir, name, argv);
  }
}
