package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad options of the commands that run a model over a split are refused before Spark starts, naming the option. */
class ModelOnSplitTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "evaluate --batch-memory lots          | '--batch-memory': lots (a size such as 512m or 2g)",
    "attention --batch-memory 100k         | '--batch-memory': 100k (must be at least 1m)",
    "adversarial --batch-memory -1g        | '--batch-memory': -1g",
    "attention --grid-images 101           | '--grid-images': 101 (must be between 0 and 100)",
    "adversarial --grid-images 1000        | '--grid-images': 1000 (must be between 0 and 100)",
  })
  void namesTheBadOption(String options, String message) {
    String[] words = options.trim().split("\\s+");
    String[] args = new String[words.length + 6];
    args[0] = words[0];
    System.arraycopy(new String[] {"--model", "m", "--data", "d", "--out", "o"}, 0, args, 1, 6);
    System.arraycopy(words, 1, args, 7, words.length - 1);

    CliRun run = CliRun.of(args);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }
}
