package dev.miniplaces.cli;

import dev.miniplaces.bench.IngestBenchmark;
import dev.miniplaces.bench.PyTorchPeer;
import dev.miniplaces.ops.ConvolutionBenchmark;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import dev.miniplaces.zoo.Throughput;
import dev.miniplaces.zoo.ZooModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
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
    subcommands = {BenchmarkCommand.Ingest.class, BenchmarkCommand.Conv.class, BenchmarkCommand.Model.class})
final class BenchmarkCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: choose ingest, conv or model");
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

  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description = "Training and inference images/s of a zoo model in DL4J, with this JVM's ND4J build and "
          + "settings, and of the PyTorch peer (shared/bench/pytorch_simplenet.py) on the same shapes and cores, "
          + "back to back. Target for simplenet at 128x128, batch 32: DL4J >= 1.0x PyTorch.")
  static final class Model implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "simplenet", description = "Zoo model. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--size", defaultValue = "128", description = "Input size. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--iters", defaultValue = "8", description = "Steps per timed run. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs; medians. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--peer", paramLabel = "SCRIPT", defaultValue = "../shared/bench/pytorch_simplenet.py",
        description = "The PyTorch peer script; measured only when it exists. Default: ${DEFAULT-VALUE}.")
    Path peer;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
        description = "Python with torch (Debian: apt-get install python3-torch). Default: ${DEFAULT-VALUE}.")
    Path python;

    @Override
    public Integer call() {
      OptionChecks.atLeast(spec, "--batch", batch, 1);
      OptionChecks.atLeast(spec, "--iters", iterations, 1);
      OptionChecks.atLeast(spec, "--repeats", repeats, 1);
      ZooModel zooModel;
      try {
        zooModel = ModelZoo.get(model);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      int threads = Runtime.getRuntime().availableProcessors();
      out.printf(Locale.ROOT, "ND4J build: %s; DL4J helpers: %s; threads: %d%n",
          System.getProperty("org.bytedeco.javacpp.platform.extension", "(default)"),
          "false".equals(System.getProperty("org.eclipse.deeplearning4j.helpers.disable")) ? "on" : "off", threads);
      Throughput.Result dl4j = Throughput.measure(zooModel.build(new ModelSpec(100, size, 1, DataType.FLOAT)),
          batch, size, iterations, repeats);
      out.printf(Locale.ROOT, "DL4J    %s: train %.1f images/s, infer %.1f images/s%n", model,
          dl4j.trainImagesPerSecond(), dl4j.inferImagesPerSecond());
      out.flush();
      if (!Files.exists(peer)) {
        out.println("PyTorch peer not found at " + peer.toAbsolutePath() + "; skipped");
        return 0;
      }
      PyTorchPeer.Result torch = PyTorchPeer.run(python, peer, batch, size, threads, iterations, repeats);
      out.printf(Locale.ROOT, "PyTorch %s (%s): train %.1f images/s, infer %.1f images/s%n", "simplenet",
          torch.engine(), torch.trainImagesPerSecond(), torch.inferImagesPerSecond());
      out.printf(Locale.ROOT, "RESULT model=%s batch=%d size=%d train_ratio=%.2f infer_ratio=%.2f "
              + "(DL4J / PyTorch; target >= 1.00)%n", model, batch, size,
          dl4j.trainImagesPerSecond() / torch.trainImagesPerSecond(),
          dl4j.inferImagesPerSecond() / torch.inferImagesPerSecond());
      out.flush();
      return 0;
    }
  }
}
