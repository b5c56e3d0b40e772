package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.testing.ChildJvms;
import dev.miniplaces.testing.ExpectedOutcomes;
import dev.miniplaces.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar under spark-submit, on nothing but what a Spark installation provides (Spark 3.5.9's
 * classpath as deploy/spark-home resolves it): the master comes from spark-submit, the job ingests the fixture.
 */
class SparkSubmitIT {
  @TempDir Path dir;

  @Test
  void theApplicationJarRunsUnderSparkSubmit() throws Exception {
    Path appJar = Path.of(System.getProperty("miniplaces.appJar"));
    assertThat(appJar).exists();
    String sparkClasspath =
        Files.readString(Path.of("..", "deploy", "spark-home", "target", "spark-classpath.txt")).strip();
    Path output = dir.resolve("dataset");

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ChildJvms.moduleOptions());
    command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--class", "dev.miniplaces.cli.Main", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.miniplaces.warehouse=" + dir.resolve("warehouse"), appJar.toString(),
        "ingest", "--source", Fixtures.miniplacesTiny().toString(), "--output", output.toString()));
    Process submit = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("submit.log").toFile()).start();
    boolean ended = submit.waitFor(5, TimeUnit.MINUTES);
    String log = Files.readString(dir.resolve("submit.log"));

    assertThat(ended).as(log).isTrue();
    assertThat(submit.exitValue()).as(log).isZero();
    assertThat(log).contains("Ingested", "-> file:" + output);
    long accepted = ExpectedOutcomes.read(Fixtures.miniplacesTiny()).accepted().size();
    DatasetMetadata metadata = DatasetMetadata.read(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(output.toString()));
    assertThat(metadata.splits().values().stream().mapToLong(DatasetMetadata.SplitSummary::images).sum())
        .isEqualTo(accepted);
    // The results catalog works from the application jar alone: Iceberg and the SQLite driver travel in it.
    assertThat(dir.resolve("warehouse/catalog.db")).isNotEmptyFile();
    assertThat(dir.resolve("warehouse/results/datasets")).isDirectory();
  }
}
