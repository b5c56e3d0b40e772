package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code miniplaces models}: every zoo model with its parameter count and file size. */
class ModelsCommandTest {
  @Test
  void listsEveryModelWithParametersAndFileSize() {
    CliRun run = CliRun.of("models");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("simplenet +1,368,676 +4\\.\\d\\d MB  the reference SimpleNet")
        .containsPattern("simplenet-custom +1,368,676 ")
        .containsPattern("resnet-small +1,\\d{3},\\d{3} +\\d\\.\\d\\d MB ")
        .contains("(100 classes, 128x128 input");
  }

  @Test
  void theClassCountChangesTheClassifier() {
    CliRun run = CliRun.of("models", "--classes", "10");

    // SimpleNet's classifier is 512 x classes + classes: 90 classes fewer, 46,170 parameters fewer.
    assertThat(run.out()).containsPattern("simplenet +1,322,506 ");
  }

  @Test
  void aTooSmallInputNamesTheOption() {
    CliRun run = CliRun.of("models", "--size", "8");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--size");
  }
}
