package dev.miniplaces.cli;

import dev.miniplaces.gradients.AttackBenchmark;
import dev.miniplaces.gradients.PgdAttack;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark attack}: saliency and PGD images/s against a plain forward and backward pass. */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    description = "Images/s of a saliency map and of a PGD attack against a plain forward + backward pass (the "
        + "input gradient), on one model and batch in the same run. Targets: saliency >= 0.85 of one pass, PGD "
        + ">= 0.85 of (steps + 1) passes.")
final class AttackBenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", defaultValue = "simplenet", description = "Zoo model. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--size", defaultValue = "128", description = "Input size. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--classes", defaultValue = "100", description = "Classes. Default: ${DEFAULT-VALUE}.")
  int classes;

  @Option(names = "--batch", defaultValue = "100", description = "Batch size. Default: ${DEFAULT-VALUE} (the "
      + "jobs' batch).")
  int batch;

  @Option(names = "--steps", defaultValue = "10", description = "PGD steps. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--iterations", defaultValue = "10",
      description = "Passes per timed round (PGD: iterations / steps attacks). Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds, alternating. Default: "
      + "${DEFAULT-VALUE}.")
  int rounds;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--size", size, ModelSpec.MIN_INPUT_SIZE);
    OptionChecks.atLeast(spec, "--classes", classes, 2);
    OptionChecks.atLeast(spec, "--batch", batch, 1);
    OptionChecks.atLeast(spec, "--steps", steps, 1);
    OptionChecks.atLeast(spec, "--iterations", iterations, 1);
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    ComputationGraph net;
    try {
      net = ModelZoo.get(model).build(new ModelSpec(classes, size, 1, DataType.FLOAT));
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(spec, "--model", model, "choose from " + String.join(", ", ModelZoo.names()));
    }
    PgdAttack.Settings settings = PgdAttack.Settings.REFERENCE;
    settings = new PgdAttack.Settings(steps, settings.stepSize(), settings.epsilon(), settings.target(), false,
        null);
    AttackBenchmark.Result r = AttackBenchmark.measure(net, batch, size, settings, iterations, rounds);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s %dx%d, batch %d, %d PGD steps: forward+backward %.1f images/s, saliency %.1f "
        + "images/s, PGD %.2f images/s%n", model, size, size, batch, steps, r.passesPerSecond(),
        r.saliencyPerSecond(), r.pgdPerSecond());
    out.printf(Locale.ROOT, "RESULT attack model=%s saliency=%.2f (target >= 0.85) pgd=%.2f (target >= 0.85)%n",
        model, r.saliencyEfficiency(), r.pgdEfficiency());
    out.flush();
    return 0;
  }
}
