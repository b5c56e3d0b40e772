package dev.miniplaces.cli;

import dev.miniplaces.bench.IngestBenchmark;
import dev.miniplaces.ops.ConvolutionBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark <what>}: the performance figures of docs/benchmarks.md, reproducible. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = "Measures a job against its peer or limit in the same run and prints the figures.",
    subcommands = {BenchmarkCommand.Ingest.class, BenchmarkCommand.Conv.class})
final class BenchmarkCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: choose ingest or conv");
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = "Ingest images/s per core on synthetic 128x128 JPEGs, against reading and decoding the same "
          + "files in one thread (the limit). Target: ingest within 2x of the limit.")
  static final class Ingest implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SparkOptions sparkOptions;

    @Option(names = "--images", defaultValue = "20000", description = "Images. Default: ${DEFAULT-VALUE}.")
    int images;

    @Option(names = "--size", defaultValue = "128", description = "Image size. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--rounds", defaultValue = "3", description = "Measurements of each; medians reported. "
        + "Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--work", defaultValue = "target/benchmark-ingest", paramLabel = "DIR",
        description = "Folder for the source (kept and reused) and the dataset. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Override
    public Integer call() {
      OptionChecks.atLeast(spec, "--images", images, 100);
      OptionChecks.atLeast(spec, "--rounds", rounds, 1);
      PrintWriter out = spec.commandLine().getOut();
      IngestBenchmark.Result r =
          new IngestBenchmark(sparkOptions.session("miniplaces benchmark ingest"), out).run(work, images, size, rounds);
      out.printf(Locale.ROOT, "RESULT ingest images=%d size=%d cores=%d limit_per_core=%.0f ingest=%.0f "
              + "ingest_per_core=%.0f cost_ratio=%.2f (target <= 2.00)%n",
          r.images(), r.size(), r.cores(), r.limitImagesPerSecond(), r.ingestImagesPerSecond(),
          r.ingestImagesPerSecondPerCore(), r.costRatio());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "conv",
      mixinStandardHelpOptions = true,
      description = "Forward + backward time and memory of the custom im2col convolution against DL4J's built-in "
          + "one, for each convolution of SimpleNet at 128x128, float32, measured in the same run. "
          + "Targets: speed >= 0.8x, memory <= 1.5x.")
  static final class Conv implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rounds", defaultValue = "5",
        description = "Timed rounds per layer, alternating; medians reported. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() {
      OptionChecks.atLeast(spec, "--batch", batch, 1);
      OptionChecks.atLeast(spec, "--rounds", rounds, 1);
      List<ConvolutionBenchmark.Result> results =
          ConvolutionBenchmark.runAll(batch, rounds, new java.io.PrintStream(System.out, true));
      PrintWriter out = spec.commandLine().getOut();
      double custom = results.stream().mapToDouble(ConvolutionBenchmark.Result::customMs).sum();
      double builtIn = results.stream().mapToDouble(ConvolutionBenchmark.Result::builtInMs).sum();
      double worstMemory = results.stream().mapToDouble(ConvolutionBenchmark.Result::memoryRatio).max().orElse(0);
      out.printf(Locale.ROOT, "RESULT conv batch=%d speed=%.2f (target >= 0.80) worst_memory=%.2f (target <= 1.50)%n",
          batch, builtIn / custom, worstMemory);
      out.flush();
      return 0;
    }
  }
}
