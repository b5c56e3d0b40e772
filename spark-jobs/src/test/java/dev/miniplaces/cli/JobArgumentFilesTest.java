package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The job argument files of conf/jobs and deploy/ci parse as picocli @files of the train command. */
class JobArgumentFilesTest {
  private static ParseResult parseTrain(String... argumentFiles) {
    List<String> args = new java.util.ArrayList<>(List.of("train"));
    for (String file : argumentFiles) {
      args.add("@" + Path.of("..").resolve(file).toAbsolutePath().normalize());
    }
    args.addAll(List.of("--data", "datasets/d", "--out", "runs/r"));
    return MiniplacesCommand.newCommandLine().parseArgs(args.toArray(String[]::new)).subcommand();
  }

  @ParameterizedTest
  @ValueSource(strings = {"conf/jobs/simplenet-reference.args", "conf/jobs/fashion-vgg-small.args",
      "conf/jobs/simplenet-gpu.args", "conf/jobs/adversarial-fashion.args", "deploy/ci/smoke-train.args"})
  void parses(String file) {
    ParseResult train = parseTrain(file);

    assertThat(train.matchedOptions()).hasSizeGreaterThan(2); // options of the file beside --data and --out
    assertThat(train.unmatched()).isEmpty();
  }

  @Test
  void theReferenceRecipeIsTrainsDefaults() {
    ParseResult recipe = parseTrain("conf/jobs/simplenet-reference.args");
    ParseResult defaults = parseTrain();

    for (OptionSpec option : recipe.matchedOptions()) {
      Object byDefault = defaults.commandSpec().findOption(option.longestName()).getValue();
      if (byDefault != null) { // null: derived from other options (checked below)
        assertThat((Object) option.getValue()).as(option.longestName()).isEqualTo(byDefault);
      }
    }
    assertThat(recipe.matchedOptionValue("--scale-size", 0)).isEqualTo(160); // 1.25 x --image-size by default
    assertThat(recipe.matchedOptionValue("--eval-size", 0)).isEqualTo(160); // --scale-size by default
  }

  @Test
  void theMeasuredFashionRecipePinsItsWorkers() {
    ParseResult recipe = parseTrain("conf/jobs/fashion-vgg-small.args");

    // Averaging 2 workers of 64 every 10 steps is what reached 93.23 %; 16 workers of 8 is another recipe.
    assertThat(recipe.matchedOptionValue("--workers", 0)).isEqualTo(2);
    assertThat(recipe.matchedOptionValue("--batch-size", 0)).isEqualTo(128);
  }

  @Test
  void recipesCombine() {
    ParseResult train = parseTrain("conf/jobs/fashion-vgg-small.args", "conf/jobs/adversarial-fashion.args");

    assertThat(train.matchedOptionValue("--model", "")).isEqualTo("vgg-small");
    assertThat(train.matchedOptionValue("--adversarial-steps", 0)).isEqualTo(2);
  }

  @Test
  void anOptionGivenTwiceIsRefused() {
    CommandLine cli = MiniplacesCommand.newCommandLine();
    String file = "@" + Path.of("..", "conf", "jobs", "fashion-vgg-small.args").toAbsolutePath().normalize();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cli.parseArgs("train", file, "--epochs", "2"))
        .hasMessageContaining("option '--epochs' (<epochs>) should be specified only once");
  }
}
