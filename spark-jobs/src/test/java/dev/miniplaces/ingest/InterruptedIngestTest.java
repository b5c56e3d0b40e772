package dev.miniplaces.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.Split;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.ChildJvms;
import dev.miniplaces.testing.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real interrupted run: {@code bin/miniplaces ingest} in its own JVM, killed with SIGKILL while it writes. The
 * previous dataset must survive untouched, and the next run must succeed and clear what the killed one left.
 */
class InterruptedIngestTest {
  @TempDir Path dir;

  @Test
  void aRunKilledWhileWritingLeavesThePreviousDatasetIntact() throws Exception {
    Path source = dir.resolve("source");
    new SynthDatasetWriter(new SynthSpec(10, 600, 10, 0, 64, 3)).writeTo(
        MiniPlacesWriter.forRoot(new org.apache.hadoop.fs.Path(source.toString()), new Configuration()), n -> {});
    Path output = dir.resolve("dataset");
    org.apache.hadoop.fs.Path outputPath = new org.apache.hadoop.fs.Path(output.toString());
    FileSystem fs = FileSystem.getLocal(new Configuration());
    IngestJob job = new IngestJob(LocalSpark.get(), new PrintWriter(new StringWriter()));
    String previousId = job.run(config(source, output, EnumSet.of(Split.VAL))).metadata().datasetId();

    ProcessBuilder cli = new ProcessBuilder(ChildJvms.launcher().toString(), "ingest", "--source", source.toString(),
            "--output", output.toString(), "--master", "local[1]")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    cli.environment().put("MINIPLACES_NO_BUILD", "1");
    cli.environment().put("MINIPLACES_DRIVER_MEMORY", "1g");
    Process child = cli.start();
    boolean writing = waitForWriting(child, Duration.ofSeconds(120));
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    assertThat(writing).as("child started writing before finishing; log:%n%s", log()).isTrue();
    assertThat(DatasetMetadata.read(fs, outputPath).datasetId()).isEqualTo(previousId);
    assertThat(LocalSpark.get().read().parquet(output.toString()).count()).isEqualTo(100);
    assertThat(stagingFolders()).hasSize(1);

    IngestResult rerun = job.run(config(source, output, EnumSet.of(Split.TRAIN, Split.VAL)));

    assertThat(rerun.metadata().splits().get("train").images()).isEqualTo(6_000);
    assertThat(stagingFolders()).isEmpty();
  }

  private static IngestConfig config(Path source, Path output, EnumSet<Split> splits) {
    return new IngestConfig(new org.apache.hadoop.fs.Path(source.toString()),
        new org.apache.hadoop.fs.Path(output.toString()), splits, null, 1, IngestConfig.DEFAULT_MAX_PIXELS);
  }

  /** True once the child's Spark tasks write train files into the staging folder; false if it ended first. */
  private boolean waitForWriting(Process child, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline) && child.isAlive()) {
      for (Path staging : stagingFolders()) {
        if (Files.isDirectory(staging.resolve("split=train/_temporary"))) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  private List<Path> stagingFolders() throws Exception {
    try (var siblings = Files.list(dir)) {
      return siblings.filter(p -> p.getFileName().toString().startsWith("dataset.staging-")).toList();
    }
  }

  private String log() throws Exception {
    return Files.readString(dir.resolve("child.log"));
  }
}
