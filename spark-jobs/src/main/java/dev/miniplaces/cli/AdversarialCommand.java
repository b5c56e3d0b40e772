package dev.miniplaces.cli;

import dev.miniplaces.analysis.AdversarialJob;
import dev.miniplaces.augment.Normalization;
import dev.miniplaces.gradients.PgdAttack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces adversarial}: PGD accuracy over every image of a split. */
@Command(
    name = "adversarial",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Attacks every image of a split with projected gradient descent (L-infinity, sign steps, in normalised "
          + "input units, model in inference mode) on the executors: per-image clean and adversarial top-5 "
          + "(table 'adversarial'), accuracy per epsilon (table 'adversarial_summary', and robustness.png for "
          + "several), and grids of clean and adversarial images, in --out."
    })
final class AdversarialCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;
  @Mixin ModelOnSplit target;

  @Option(names = "--steps", defaultValue = "10", description = "Gradient steps. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--step-size", defaultValue = "0.01", description = "Size of each sign step. Default: "
      + "${DEFAULT-VALUE}.")
  double stepSize;

  @Option(names = "--epsilon", defaultValue = "0.1", description = "Radius of the L-infinity ball. Default: "
      + "${DEFAULT-VALUE}.")
  double epsilon;

  @Option(names = "--epsilons", split = ",", paramLabel = "E1,E2,...",
      description = "Several radii, each attacked in turn (a robustness curve); replaces --epsilon.")
  List<Double> epsilons = new ArrayList<>();

  @Option(names = "--target", defaultValue = "least-likely", paramLabel = "least-likely|untargeted",
      description = "Push towards the least likely class on the clean image (the reference), or away from the "
          + "true class. Default: ${DEFAULT-VALUE}.")
  String targetMode;

  @Option(names = "--random-start", description = "Start from a uniform random point in the ball.")
  boolean randomStart;

  @Option(names = "--clamp", description = "Keep adversarial images within valid pixel values (0 to 255).")
  boolean clamp;

  @Option(names = "--grid-images", defaultValue = "20", paramLabel = "N",
      description = "Images in the clean/adversarial grids; 0 for none. Default: ${DEFAULT-VALUE}.")
  int gridImages;

  @Option(names = "--seed", defaultValue = "1", description = "Seeds random starts and picks the grids' images. "
      + "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() {
    target.validate();
    OptionChecks.atLeast(spec, "--steps", steps, 0);
    nonNegative("--step-size", stepSize);
    nonNegative("--epsilon", epsilon);
    for (double e : epsilons) {
      nonNegative("--epsilons", e);
    }
    OptionChecks.between(spec, "--grid-images", gridImages, 0, ModelOnSplit.MAX_GRID_IMAGES);
    PgdAttack.Target mode = switch (targetMode) {
      case "least-likely" -> PgdAttack.Target.LEAST_LIKELY;
      case "untargeted" -> PgdAttack.Target.UNTARGETED;
      default -> throw OptionChecks.invalid(spec, "--target", targetMode, "least-likely or untargeted");
    };
    float[][] range = Normalization.pixelRange();
    PgdAttack.Settings attack = new PgdAttack.Settings(steps, stepSize, epsilon, mode, randomStart,
        clamp ? new PgdAttack.PixelRange(range[0], range[1]) : null);
    SparkSession spark = sparkOptions.session("miniplaces adversarial");
    new AdversarialJob(spark, spec.commandLine().getOut()).run(new AdversarialJob.Request(target.modelPath(),
        target.dataPath(), target.split, target.evalSize, target.output(spark, "adversarial-" + target.split),
        attack, epsilons, gridImages, seed, target.batchMemoryBytes()));
    return 0;
  }

  private void nonNegative(String option, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw OptionChecks.invalid(spec, option, value, "must be a finite number >= 0");
    }
  }
}
