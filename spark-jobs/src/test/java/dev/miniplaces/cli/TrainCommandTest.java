package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad training options are refused before Spark starts, naming the option. */
class TrainCommandTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--epochs 0                                  | '--epochs': 0 (must be >= 1)",
    "--epochs 3 --warmup-epochs 3                | '--warmup-epochs': 3 (must be between 0 and 2)",
    "--batch-size 33 --workers 2                 | '--batch-size': 33 (must be a multiple of the 2 workers)",
    "--workers 0                                 | '--workers': 0 (must be between 1 and 256)",
    "--lr 0                                      | '--lr': 0.0 (must be > 0)",
    "--momentum 1                                | '--momentum': 1.0 (must be in [0, 1))",
    "--model nope                                | '--model': nope (choose from simplenet, simplenet-custom,",
    "--model resnet-small --use-custom-conv      | '--use-custom-conv': resnet-small (no custom-convolution variant",
    "--image-size 16                             | '--image-size': 16 (must be >= 32)",
    "--image-size 64 --scale-size 48             | '--scale-size': 48 (must be >= 64)",
    "--rotation 50                               | Invalid augmentation option: Invalid rotation: 50.0",
    "--averaging-frequency 0                     | '--averaging-frequency': 0 (must be >= 1)",
    "--optimizer nadam                           | '--optimizer': 'nadam' is not one of sgd, adam",
    "--optimizer adam --momentum -0.1            | '--momentum': -0.1 (must be in [0, 1))",
  })
  void namesTheBadOption(String options, String message) {
    String[] args = ("train --data d --out o " + options).trim().split("\\s+");

    CliRun run = CliRun.of(args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @ParameterizedTest
  @CsvSource({"1, 256, 1", "2, 256, 2", "6, 256, 4", "12, 256, 8", "24, 256, 16", "300, 256, 256", "16, 96, 16",
      "7, 96, 6", "5, 7, 1"})
  void theDefaultWorkersDivideTheBatchOnAnyCoreCount(int cores, int batchSize, int workers) {
    assertThat(TrainConfig.defaultWorkers(cores, batchSize)).isEqualTo(workers);
  }

  @ParameterizedTest
  @CsvSource({"--lr, 0.2", "--optimizer, adam"})
  void aResumedRunKeepsItsConfiguration(String option, String value) {
    CliRun run = CliRun.of("train", "--resume", "some-run", option, value);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'" + option + "': " + value + " (a resumed run keeps its own configuration");
  }

  @Test
  void aNewRunNeedsDataAndAnOutput() {
    CliRun run = CliRun.of("train", "--out", "o");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--data' (or --resume RUN_DIR)");
  }
}
