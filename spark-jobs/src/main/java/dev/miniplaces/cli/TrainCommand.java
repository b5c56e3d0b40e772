package dev.miniplaces.cli;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.recipe.Optimizer;
import dev.miniplaces.train.AdversarialTraining;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code miniplaces train}: a zoo model on an ingested dataset, with parameter averaging on Spark executors. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains a zoo model on an ingested dataset with dl4j-spark parameter averaging: the reference recipe by "
          + "default (SGD momentum 0.9, weight decay 1e-4, lr 0.1 per 256 images, cosine decay per iteration, "
          + "the reference augmentation). After every epoch: validation top-1/top-5, metrics tables "
          + "(<out>/metrics), curves (<out>/curves), a checkpoint (<out>/checkpoints) and, when validation top-1 "
          + "improves, <out>/model_best.",
      "A stopped run continues with --resume <out>, or when the same command runs again (a YARN re-attempt)."
    })
final class TrainCommand implements Callable<Integer> {
  /** Options that define a run: a resumed run takes them from its checkpoint, so they may not be given. */
  private static final List<String> RUN_OPTIONS = List.of("--data", "--model", "--out", "--use-custom-conv",
      "--epochs", "--batch-size", "--workers", "--averaging-frequency", "--optimizer", "--lr", "--momentum",
      "--wd", "--warmup-epochs", "--seed", "--image-size", "--scale-size", "--eval-size", "--no-augmentation",
      "--fixed-interpolation", "--flip-probability", "--colour-gain", "--rotation", "--min-crop-area", "--tta",
      "--log-every", "--prefetch-batches", "--adversarial-steps", "--adversarial-epsilon",
      "--adversarial-step-size", "--adversarial-fraction");

  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--data", paramLabel = "DATASET", description = "Ingested dataset folder (with train and val).")
  String data;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "simplenet",
      description = "Zoo model (see 'miniplaces models'). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory to create.")
  String out;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "Continue the run in RUN_DIR from its last checkpoint, with its own configuration.")
  String resume;

  @Option(names = "--use-custom-conv", description = "Use the hand-written convolution (simplenet only).")
  boolean useCustomConv;

  @Option(names = "--epochs", defaultValue = "90", description = "Epochs, warm-up included. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
      description = "Global batch: images per step over all workers. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--workers", paramLabel = "N",
      description = "Models trained side by side, one per Spark task; must divide --batch-size. Default: the "
          + "most that divide --batch-size and that Spark's default parallelism (the executor cores) runs at once.")
  Integer workers;

  @Option(names = "--averaging-frequency", defaultValue = "5", paramLabel = "STEPS",
      description = "Steps each worker takes between parameter averagings. Default: ${DEFAULT-VALUE}.")
  int averagingFrequency;

  @Option(names = "--optimizer", paramLabel = "sgd|adam", defaultValue = "sgd", converter = OptimizerConverter.class,
      description = "Update rule: sgd (the reference's, heavy-ball momentum) or adam (escapes the early plateau of "
          + "networks without batch norm, such as simplenet, in far fewer steps). Default: ${DEFAULT-VALUE}.")
  Optimizer optimizer;

  @Option(names = "--lr",
      description = "Base learning rate per 256 images, scaled to the batch size: linearly for sgd, by the square "
          + "root for adam. Default: 0.1 for sgd, 0.001 for adam.")
  Double lr;

  @Option(names = "--momentum", defaultValue = "0.9",
      description = "SGD momentum, or Adam's beta1. Default: ${DEFAULT-VALUE}.")
  double momentum;

  @Option(names = "--wd", defaultValue = "1e-4",
      description = "Weight decay (L2), none during warm-up. Default: ${DEFAULT-VALUE}.")
  double wd;

  @Option(names = "--warmup-epochs", defaultValue = "0",
      description = "Epochs of linear warm-up before the cosine decay. Default: ${DEFAULT-VALUE}.")
  int warmupEpochs;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the weights, epoch orders and augmentation. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--image-size", defaultValue = "128", paramLabel = "PIXELS",
      description = "Training input size (the random crop's output). Default: ${DEFAULT-VALUE}.")
  int imageSize;

  @Option(names = "--scale-size", paramLabel = "PIXELS",
      description = "Shorter side after the first resize. Default: 1.25 x --image-size (160 for 128).")
  Integer scaleSize;

  @Option(names = "--eval-size", paramLabel = "PIXELS",
      description = "Evaluation input size (whole image, no crop). Default: --scale-size.")
  Integer evalSize;

  @Option(names = "--no-augmentation",
      description = "No random augmentation: the centred square at --image-size (the switches below are ignored).")
  boolean noAugmentation;

  @Option(names = "--fixed-interpolation", description = "Resize bilinearly instead of a random interpolation.")
  boolean fixedInterpolation;

  @Option(names = "--flip-probability", defaultValue = "0.5", description = "Default: ${DEFAULT-VALUE}.")
  double flipProbability;

  @Option(names = "--colour-gain", defaultValue = "0.15",
      description = "Per-channel gain in [1-g, 1+g]; 0 switches it off. Default: ${DEFAULT-VALUE}.")
  double colourGain;

  @Option(names = "--rotation", defaultValue = "15", paramLabel = "DEGREES",
      description = "Largest rotation; 0 switches it off. Default: ${DEFAULT-VALUE}.")
  double rotation;

  @Option(names = "--min-crop-area", defaultValue = "0.25",
      description = "Smallest random crop, as a share of the area; 1 with no aspect change keeps the whole image. "
          + "Default: ${DEFAULT-VALUE}.")
  double minCropArea;

  @Option(names = "--tta", description = "Validate with test-time flip: average each image with its mirror.")
  boolean tta;

  @Option(names = "--log-every", defaultValue = "10", paramLabel = "ITERATIONS",
      description = "Iterations per row of the iteration metrics. Default: ${DEFAULT-VALUE}.")
  int logEvery;

  @Option(names = "--prefetch-batches", defaultValue = "0", paramLabel = "N",
      description = "Mini-batches dl4j-spark's prefetch thread holds for each worker, on top of the two that "
          + "the executor's cores always prepare ahead (spark.miniplaces.prep.threads); costs memory, rarely "
          + "needed. Default: ${DEFAULT-VALUE}.")
  int prefetchBatches;

  @Option(names = "--adversarial-steps", defaultValue = "0", paramLabel = "K",
      description = "Adversarial training: replace training images by PGD samples of K steps made on the "
          + "executors against the current weights (untargeted, random start, valid pixels). 0: off. "
          + "Default: ${DEFAULT-VALUE}.")
  int adversarialSteps;

  @Option(names = "--adversarial-epsilon", defaultValue = "0.1", paramLabel = "E",
      description = "Radius of the training attack, in normalised input units. Default: ${DEFAULT-VALUE}.")
  double adversarialEpsilon;

  @Option(names = "--adversarial-step-size", paramLabel = "S",
      description = "Step of the training attack. Default: 2.5 x epsilon / steps.")
  Double adversarialStepSize;

  @Option(names = "--adversarial-fraction", defaultValue = "1", paramLabel = "F",
      description = "Share of each batch replaced by adversarial images, in (0, 1]; below 1 mixes clean and "
          + "adversarial images. Default: ${DEFAULT-VALUE}.")
  double adversarialFraction;

  @Option(names = "--progress-seconds", defaultValue = "10", paramLabel = "SECONDS",
      description = "Least time between two progress lines. Default: ${DEFAULT-VALUE}.")
  double progressSeconds;

  @Override
  public Integer call() {
    ParseResult parsed = spec.commandLine().getParseResult();
    if (resume != null) {
      for (String option : RUN_OPTIONS) {
        if (parsed.hasMatchedOption(option)) {
          throw OptionChecks.invalid(spec, option, given(parsed.matchedOption(option)),
              "a resumed run keeps its own configuration; drop it or start a new run with --out");
        }
      }
    } else {
      requireGiven("--data", data);
      requireGiven("--out", out);
      config(workers == null ? 1 : workers); // every option checked before Spark starts
    }
    PrintWriter stdout = spec.commandLine().getOut();
    SparkSession spark = sparkOptions.session("miniplaces train");
    TrainJob job = new TrainJob(spark, stdout, (long) (progressSeconds * 1000));
    TrainJob.Result result = resume != null ? job.resume(new Path(resume))
        : job.start(config(defaultWorkers(spark, stdout)), new Path(out));
    stdout.printf(Locale.ROOT, "Trained %d epochs (%,d iterations); best val top-1 %.2f%%. Run: %s%n",
        result.epochs(), result.iterations(), result.bestTop1(), result.runDir());
    stdout.flush();
    return 0;
  }

  private int defaultWorkers(SparkSession spark, PrintWriter stdout) {
    int cores = spark.sparkContext().defaultParallelism();
    int chosen = TrainConfig.defaultWorkers(cores, batchSize);
    if (workers == null && chosen < cores) {
      stdout.printf(Locale.ROOT, "--workers %d: the most of the %d cores that divide --batch-size %d (give --workers "
          + "and --batch-size to use them all)%n", chosen, cores, batchSize);
    }
    return chosen;
  }

  private TrainConfig config(int defaultWorkers) {
    String modelName = modelName();
    OptionChecks.atLeast(spec, "--epochs", epochs, 1);
    OptionChecks.between(spec, "--warmup-epochs", warmupEpochs, 0, epochs - 1);
    OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
    int workerCount = workers == null ? defaultWorkers : workers;
    OptionChecks.between(spec, "--workers", workerCount, 1, batchSize);
    if (batchSize % workerCount != 0) {
      throw OptionChecks.invalid(spec, "--batch-size", batchSize,
          "must be a multiple of the " + workerCount + " workers");
    }
    OptionChecks.atLeast(spec, "--averaging-frequency", averagingFrequency, 1);
    double rate = lr == null ? optimizer.referenceRate() : positive("--lr", lr);
    if (momentum < 0 || momentum >= 1) {
      throw OptionChecks.invalid(spec, "--momentum", momentum, "must be in [0, 1)");
    }
    if (wd < 0) {
      throw OptionChecks.invalid(spec, "--wd", wd, "must be >= 0");
    }
    OptionChecks.atLeast(spec, "--image-size", imageSize, ModelSpec.MIN_INPUT_SIZE);
    int scale = scaleSize == null ? imageSize * 5 / 4 : OptionChecks.atLeast(spec, "--scale-size", scaleSize,
        imageSize);
    int eval = evalSize == null ? scale : OptionChecks.atLeast(spec, "--eval-size", evalSize,
        ModelSpec.MIN_INPUT_SIZE);
    OptionChecks.atLeast(spec, "--log-every", logEvery, 1);
    if (progressSeconds < 0) {
      throw OptionChecks.invalid(spec, "--progress-seconds", progressSeconds, "must be >= 0");
    }
    OptionChecks.atLeast(spec, "--prefetch-batches", prefetchBatches, 0);
    return new TrainConfig(data, modelName, epochs, batchSize, workerCount, averagingFrequency, rate, momentum, wd,
        warmupEpochs, seed, augmentation(scale), eval, tta, logEvery, prefetchBatches, adversarialTraining(),
        optimizer);
  }

  private AdversarialTraining adversarialTraining() {
    OptionChecks.atLeast(spec, "--adversarial-steps", adversarialSteps, 0);
    if (adversarialSteps == 0) {
      return null;
    }
    positive("--adversarial-epsilon", adversarialEpsilon);
    if (adversarialStepSize != null) {
      positive("--adversarial-step-size", adversarialStepSize);
    }
    if (!(adversarialFraction > 0 && adversarialFraction <= 1)) {
      throw OptionChecks.invalid(spec, "--adversarial-fraction", adversarialFraction, "must be in (0, 1]");
    }
    return new AdversarialTraining(adversarialSteps, adversarialEpsilon, adversarialStepSize != null
        ? adversarialStepSize : AdversarialTraining.defaultStepSize(adversarialSteps, adversarialEpsilon),
        adversarialFraction);
  }

  private Augmentation augmentation(int scale) {
    if (noAugmentation) {
      return Augmentation.none(scale, imageSize);
    }
    Augmentation reference = Augmentation.reference(scale, imageSize);
    try {
      return new Augmentation(scale, imageSize, !fixedInterpolation, flipProbability, colourGain, rotation,
          minCropArea, reference.minAspect(), reference.maxAspect());
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid augmentation option: "
          + e.getMessage() + " (see --flip-probability, --colour-gain, --rotation, --min-crop-area)");
    }
  }

  private String modelName() {
    try {
      ModelZoo.get(model);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(spec, "--model", model, "choose from " + String.join(", ", ModelZoo.names()));
    }
    if (!useCustomConv) {
      return model;
    }
    String custom = model + "-custom";
    if (!ModelZoo.names().contains(custom)) {
      throw OptionChecks.invalid(spec, "--use-custom-conv", model,
          "no custom-convolution variant of this model; use --model simplenet");
    }
    return custom;
  }

  /** An option's value as the user typed it (a flag's, true). */
  private static Object given(OptionSpec option) {
    List<String> typed = option.originalStringValues();
    return typed.isEmpty() ? option.getValue() : String.join(" ", typed);
  }

  private double positive(String option, double value) {
    if (!(value > 0)) {
      throw OptionChecks.invalid(spec, option, value, "must be > 0");
    }
    return value;
  }

  /** sgd or adam, as the help spells them. */
  static final class OptimizerConverter implements CommandLine.ITypeConverter<Optimizer> {
    @Override
    public Optimizer convert(String value) {
      for (Optimizer optimizer : Optimizer.values()) {
        if (optimizer.optionName().equals(value)) {
          return optimizer;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not one of sgd, adam");
    }
  }

  private void requireGiven(String option, String value) {
    if (value == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '" + option + "' (or --resume RUN_DIR)");
    }
  }
}
