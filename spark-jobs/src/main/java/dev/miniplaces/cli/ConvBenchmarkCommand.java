package dev.miniplaces.cli;

import dev.miniplaces.ops.ConvolutionBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark conv}: custom against built-in convolution, layer by layer. */
@Command(
    name = "conv",
    mixinStandardHelpOptions = true,
    description = "Forward + backward time and memory of the custom im2col convolution against DL4J's built-in "
        + "one, on its own im2col path and on oneDNN, for each convolution of SimpleNet at 128x128, float32, "
        + "measured in the same run. Targets (against the im2col path): speed >= 0.8x, memory <= 1.5x.")
final class ConvBenchmarkCommand implements Callable<Integer> {
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
    PrintWriter out = spec.commandLine().getOut();
    List<ConvolutionBenchmark.Result> results = ConvolutionBenchmark.runAll(batch, rounds, out);
    double custom = ConvolutionBenchmark.totalMs(results, ConvolutionBenchmark.Result::custom);
    double im2col = ConvolutionBenchmark.totalMs(results, ConvolutionBenchmark.Result::im2col);
    double oneDnn = ConvolutionBenchmark.totalMs(results, ConvolutionBenchmark.Result::oneDnn);
    double worstMemory = results.stream().mapToDouble(ConvolutionBenchmark.Result::memoryRatio).max().orElse(0);
    double worstOneDnnMemory = results.stream().mapToDouble(ConvolutionBenchmark.Result::oneDnnMemoryRatio)
        .max().orElse(0);
    out.printf(Locale.ROOT, "RESULT conv batch=%d speed=%.2f (target >= 0.80) worst_memory=%.2f (target <= 1.50); "
        + "against oneDNN: speed=%.2f worst_memory=%.2f%n", batch, im2col / custom, worstMemory, oneDnn / custom,
        worstOneDnnMemory);
    out.flush();
    return 0;
  }
}
