package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniplacesCommandTest {
  @TempDir Path dir;

  @Test
  void versionNamesTheBuildAndTheEngines() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("miniplaces ").contains("Spark 3.5.9", "Deeplearning4j 1.0.0-M2.1");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "synth", "import-fashion-mnist", "ingest", "models", "train",
        "evaluate", "attention", "adversarial", "sql", "report", "benchmark", "env"}) {
      CliRun run = CliRun.of(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).startsWith("Usage: miniplaces " + command);
    }
  }

  @Test
  void anUnknownOptionIsNamedEvenWhenRequiredOptionsAreMissing() {
    CliRun run = CliRun.of("ingest", "--sorce", "x", "--output", "y");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("miniplaces ingest: Unknown option: '--sorce'")
        .contains("Did you mean: --source?", "Try 'miniplaces ingest --help'");
  }

  @Test
  void anInvalidValueNamesOptionAndValue() {
    CliRun run = CliRun.of("ingest", "--source", "x", "--output", "y", "--shards", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("miniplaces ingest: Invalid value for option '--shards': 0 (must be >= 1)");
  }

  @Test
  void anUnknownSplitIsAUsageError() {
    CliRun run = CliRun.of("ingest", "--source", "x", "--output", "y", "--splits", "train,tset");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'--splits'", "'tset'");
  }

  @Test
  void aMissingCommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command");
  }

  @Test
  void aFailedJobExitsWithOneWithOneLineNamingThePath() {
    Path missing = dir.resolve("no-such-source");

    CliRun run = CliRun.of("ingest", "--source", missing.toString(), "--output", dir.resolve("out").toString(),
        "--master", "local[1]");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().toList()).containsExactly(
        "miniplaces ingest: error: Source folder not found: file:" + missing,
        "(run with --verbose for the stack trace)");
  }

  @Test
  void aReportOnARunWithoutAModelNamesThePath() {
    Path run = dir.resolve("not-a-run");

    CliRun report = CliRun.of("report", "--run", run.toString(), "--out", dir.resolve("report").toString(),
        "--master", "local[1]");

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.err()).startsWith("miniplaces report: error: Trained model (model_best) of run not found: "
        + run.resolve("model_best"));
    assertThat(dir.resolve("report")).doesNotExist();
  }

  @Test
  void aReportNeedsARunAndAnOutput() {
    CliRun run = CliRun.of("report", "--out", dir.resolve("report").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--run=RUN_DIR'");
  }

  @Test
  void verbosePrintsTheStackTrace() {
    CliRun run = CliRun.of("--verbose", "ingest", "--source", dir.resolve("nope").toString(),
        "--output", dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("MissingInputException", "at dev.miniplaces.");
  }
}
