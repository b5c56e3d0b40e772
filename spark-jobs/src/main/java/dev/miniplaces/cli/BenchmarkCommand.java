package dev.miniplaces.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark <what>}: the performance figures of docs/benchmarks.md, reproducible. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = "Measures a job against its peer or limit in the same run and prints the figures.",
    subcommands = {IngestBenchmarkCommand.class, ConvBenchmarkCommand.class, ModelBenchmarkCommand.class,
      TrainingBenchmarkCommand.class, AttackBenchmarkCommand.class, InputBenchmarkCommand.class})
final class BenchmarkCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing benchmark: choose ingest, conv, model, training, attack or input");
  }
}
