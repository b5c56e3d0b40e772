package dev.miniplaces.cli;

import dev.miniplaces.bench.InputBenchmark;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark input}: the training input pipeline against the one it replaced. */
@Command(
    name = "input",
    mixinStandardHelpOptions = true,
    description = "Images/s of training-input preparation (decode + reference augmentation + batch) on 1 and N "
        + "threads against the single-thread path it replaced, then a model's training images/s fed by the "
        + "pipeline against pre-made batches, on synthetic scene JPEGs, alternating rounds. Targets: >= 4x per "
        + "core, >= 1.8x from 1 to 2 threads, training >= 0.97x of pre-made batches.")
final class InputBenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--images", defaultValue = "2000", paramLabel = "N",
      description = "Images prepared per measurement. Default: ${DEFAULT-VALUE}.")
  int images;

  @Option(names = "--size", defaultValue = "128", paramLabel = "PIXELS",
      description = "Image and training input size (the scale step is 5/4 of it). Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--threads", paramLabel = "N",
      description = "The larger pool measured (and the one that feeds training). Default: this machine's cores.")
  Integer threads;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Timed rounds after a warm-up; medians reported. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--model", defaultValue = "simplenet", description = "Zoo model trained. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--train-steps", defaultValue = "30", paramLabel = "N",
      description = "Training steps per round and feed, in blocks of 5; 0 skips training. Default: ${DEFAULT-VALUE}.")
  int trainSteps;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--images", images, 1);
    OptionChecks.atLeast(spec, "--size", size, ModelSpec.MIN_INPUT_SIZE);
    OptionChecks.atLeast(spec, "--batch", batch, 1);
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    OptionChecks.atLeast(spec, "--train-steps", trainSteps, 0);
    int pool = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    OptionChecks.atLeast(spec, "--threads", pool, 1);
    if (!ModelZoo.names().contains(model)) {
      throw OptionChecks.invalid(spec, "--model", model, "choose from " + String.join(", ", ModelZoo.names()));
    }
    PrintWriter out = spec.commandLine().getOut();
    InputBenchmark.Result result = new InputBenchmark(out)
        .run(new InputBenchmark.Settings(images, size, batch, pool, rounds, model, trainSteps));
    out.printf(Locale.ROOT, "RESULT input size=%d before=%.0f one_thread=%.0f threads_%d=%.0f images/s "
            + "per_core=%.2f (target >= 4) scaling=%.2f (target >= 1.8 at 2) training=%.3f (target >= 0.97)%n",
        size, result.before(), result.oneThread(), pool, result.manyThreads(), result.perCore(), result.scaling(),
        result.training());
    out.flush();
    return 0;
  }
}
