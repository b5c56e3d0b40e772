package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MiniplacesException;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.ChildJvms;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.SynthDatasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run killed (SIGKILL, in a child JVM) after its first epoch continues, when the same command runs
 * again, to the same number of epochs and iterations; damaged or missing checkpoints are clear errors.
 */
class InterruptedTrainingTest {
  @TempDir Path dir;

  @Test
  void aKilledRunResumesFromItsLastCheckpoint() throws Exception {
    SparkSession spark = LocalSpark.get();
    Path dataset = SynthDatasets.ingested(dir, new SynthSpec(4, 48, 8, 0, 40, 11));
    Path run = dir.resolve("run");
    ProcessBuilder cli = new ProcessBuilder(ChildJvms.launcher().toString(), "train", "--data", dataset.toString(),
            "--out", run.toString(), "--model", "resnet-small", "--epochs", "3", "--batch-size", "32",
            "--workers", "2", "--averaging-frequency", "2", "--image-size", "32", "--scale-size", "40",
            "--lr", "0.8", "--log-every", "2", "--master", "local[2]")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    cli.environment().put("MINIPLACES_NO_BUILD", "1");
    cli.environment().put("MINIPLACES_DRIVER_MEMORY", "2g");
    Process child = cli.start();
    boolean checkpointed = waitFor(child, run.resolve("checkpoints/epoch-0001/state.json"),
        Duration.ofSeconds(240));
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    String childLog = Files.readString(dir.resolve("child.log"));
    assertThat(checkpointed).as("first epoch checkpointed before the run ended; log:%n%s", childLog).isTrue();
    assertThat(run.resolve("checkpoints/epoch-0003")).doesNotExist();

    // The same command again (as YARN's second attempt runs it) continues the run; --resume does the same.
    org.apache.hadoop.fs.Path runPath = new org.apache.hadoop.fs.Path(run.toString());
    Checkpoints checkpoints = new Checkpoints(runPath.getFileSystem(new Configuration()), runPath);
    TrainConfig sameCommand = TrainConfig.fromJson(checkpoints.latest().orElseThrow().state().configuration());
    StringWriter log = new StringWriter();
    TrainJob.Result result = new TrainJob(spark, new PrintWriter(log, true), 0).start(sameCommand, runPath);
    assertThat(log.toString()).contains(run + " holds this run, unfinished (1 of 3 epochs): continuing it");

    assertThat(result.epochs()).isEqualTo(3);
    assertThat(result.iterations()).as("3 epochs of 6 steps").isEqualTo(18);
    assertThat(log.toString()).contains("Resuming resnet-small").contains("epoch 3/3:");
    List<Row> epochs = spark.read().parquet(run.resolve("metrics/epochs").toString()).orderBy("epoch")
        .collectAsList();
    assertThat(epochs).extracting(r -> r.getInt(r.fieldIndex("epoch"))).containsExactly(1, 2, 3);
    List<Row> iterations = spark.read().parquet(run.resolve("metrics/iterations").toString())
        .orderBy("iteration").collectAsList();
    assertThat(iterations).extracting(r -> r.getLong(0))
        .containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L);

    // A finished run, or one of another recipe, is not continued.
    assertThatThrownBy(() -> new TrainJob(spark, new PrintWriter(new StringWriter()), 0).start(sameCommand, runPath))
        .hasMessageContaining("already holds this run, finished (3 epochs): give another --out");
    assertThatThrownBy(() -> new TrainJob(spark, new PrintWriter(new StringWriter()), 0)
        .start(sameCommand.withData(dataset.resolveSibling("elsewhere").toString()), runPath))
        .hasMessageContaining("already holds a run of another configuration: continue it with --resume");

    // A damaged last checkpoint is named, not skipped; without checkpoints there is nothing to resume.
    Files.write(run.resolve("checkpoints/epoch-0003/model.zip"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> new TrainJob(spark, new PrintWriter(new StringWriter()), 0)
        .resume(new org.apache.hadoop.fs.Path(run.toString())))
        .isInstanceOf(MiniplacesException.class)
        .hasMessageContaining("epoch-0003 is unreadable")
        .hasMessageContaining("remove it to resume from the one before");
    assertThatThrownBy(() -> new TrainJob(spark, new PrintWriter(new StringWriter()), 0)
        .resume(new org.apache.hadoop.fs.Path(dir.resolve("nothing-here").toString())))
        .isInstanceOf(MiniplacesException.class)
        .hasMessageContaining("Nothing to resume in");
  }

  private static boolean waitFor(Process child, Path file, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline) && child.isAlive()) {
      if (Files.exists(file)) {
        return true;
      }
      Thread.sleep(50);
    }
    return Files.exists(file);
  }
}
