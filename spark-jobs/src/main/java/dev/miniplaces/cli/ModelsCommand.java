package dev.miniplaces.cli;

import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import dev.miniplaces.zoo.ZooModel;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces models}: the zoo, with each model's parameter count and file size for a task's shape. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Lists the model zoo: each model's name (for --model), parameters and saved file size (weights "
        + "without updater state; the challenge limits it to 10 MB) for a number of classes and an input size.")
final class ModelsCommand implements Callable<Integer> {
  /** The challenge's limit on the model file. */
  static final long FILE_LIMIT_BYTES = 10_000_000L;

  @Spec CommandSpec spec;

  @Option(names = "--classes", defaultValue = "100", description = "Number of classes. Default: ${DEFAULT-VALUE}.")
  int classes;

  @Option(names = "--size", defaultValue = "128", description = "Input size in pixels (square). "
      + "Default: ${DEFAULT-VALUE}.")
  int size;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--classes", classes, 2);
    OptionChecks.atLeast(spec, "--size", size, ModelSpec.MIN_INPUT_SIZE);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-18s %12s %10s  %s%n", "model", "parameters", "file", "description");
    ModelSpec modelSpec = new ModelSpec(classes, size, 1, DataType.FLOAT);
    for (String name : ModelZoo.names()) {
      ZooModel model = ModelZoo.get(name);
      ModelZoo.Facts facts = ModelZoo.facts(model, modelSpec);
      out.printf(Locale.ROOT, "%-18s %,12d %7.2f MB  %s%s%n", name, facts.parameters(), facts.savedBytes() / 1e6,
          model.description(), facts.savedBytes() < FILE_LIMIT_BYTES ? "" : " (over the challenge's 10 MB)");
    }
    out.printf(Locale.ROOT, "(%d classes, %dx%d input)%n", classes, size, size);
    out.flush();
    return 0;
  }
}
