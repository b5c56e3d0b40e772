package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code benchmark input} and {@code env} end to end, in-process and small. */
class BenchmarkInputCommandTest {
  @Test
  void measuresEveryPathAndPrintsOneResultLine() {
    CliRun run = CliRun.of("benchmark", "input", "--images", "96", "--size", "32", "--batch", "8", "--threads", "2",
        "--rounds", "1", "--train-steps", "5");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Preparing 96 synthetic 32x32 JPEGs", "round 1  before ", "pipeline 1 thread ",
        "pre-made batches ");
    String result = run.out().lines().filter(l -> l.startsWith("RESULT input ")).findFirst().orElseThrow();
    assertThat(result).containsPattern("per_core=\\d+\\.\\d\\d").containsPattern("training=\\d+\\.\\d{3}");
  }

  @Test
  void aBadOptionIsNamed() {
    CliRun run = CliRun.of("benchmark", "input", "--threads", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--threads");
  }

  @Test
  void envNamesTheBackend() {
    CliRun run = CliRun.of("env");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("ND4J CPU backend (oneDNN build)", "spark.miniplaces.prep.threads");
  }
}
