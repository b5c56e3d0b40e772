package dev.miniplaces.cli;

import dev.miniplaces.bench.PyTorchPeer;
import dev.miniplaces.ops.Engine;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import dev.miniplaces.zoo.Throughput;
import dev.miniplaces.zoo.ZooModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code miniplaces benchmark model}: a zoo model in DL4J against the PyTorch peer. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Training and inference images/s of a zoo model in DL4J, with this JVM's ND4J build and "
        + "settings, and of the PyTorch peer (docs/scripts/pytorch_simplenet.py) on the same shapes and cores, "
        + "in alternating rounds. Target for simplenet at 128x128, batch 32: DL4J >= 1.0x PyTorch.")
final class ModelBenchmarkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", defaultValue = "simplenet", description = "Zoo model. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--size", defaultValue = "128", description = "Input size. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--iters", defaultValue = "8", description = "Steps per timed run. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Timed runs per round; medians. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of DL4J then PyTorch; the machine's "
      + "speed drifts, so each round gives a ratio and the result is their median. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--peer", paramLabel = "SCRIPT",
      description = "The PyTorch peer script (SimpleNet only). Default: the project's "
          + PyTorchPeer.SCRIPT + ".")
  Path peer;

  @Option(names = "--python", defaultValue = "/usr/bin/python3",
      description = "Python with torch (Debian: apt-get install python3-torch). Default: ${DEFAULT-VALUE}.")
  Path python;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--batch", batch, 1);
    OptionChecks.atLeast(spec, "--iters", iterations, 1);
    OptionChecks.atLeast(spec, "--repeats", repeats, 1);
    OptionChecks.atLeast(spec, "--rounds", rounds, 1);
    ZooModel zooModel;
    try {
      zooModel = ModelZoo.get(model);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (peer == null) {
      peer = PyTorchPeer.projectScript();
    }
    boolean withPeer = model.equals("simplenet") || model.equals("simplenet-custom");
    if (withPeer && !Files.isRegularFile(peer)) {
      throw OptionChecks.invalid(spec, "--peer", peer.toString(), "no such file");
    }
    PrintWriter out = spec.commandLine().getOut();
    int threads = Runtime.getRuntime().availableProcessors();
    ComputationGraph net = zooModel.build(new ModelSpec(100, size, 1, DataType.FLOAT));
    out.println("DL4J: " + Engine.describe());
    if (!withPeer) {
      out.println("The PyTorch peer is SimpleNet's; " + model + " is measured in DL4J only");
    }
    Ratios defaults = new Ratios(rounds);
    Ratios sameEnvironment = new Ratios(rounds);
    for (int round = 0; round < rounds; round++) {
      Throughput.Result dl4j = Throughput.measure(net, batch, size, iterations, repeats);
      print(out, round, "DL4J", dl4j.trainImagesPerSecond(), dl4j.inferImagesPerSecond(), "");
      if (withPeer) {
        PyTorchPeer.Result torch = runPeer(threads, PyTorchPeer.Environment.PYTORCH_DEFAULTS);
        print(out, round, "PyTorch", torch.trainImagesPerSecond(), torch.inferImagesPerSecond(),
            " (" + torch.engine() + ", its default environment)");
        defaults.add(round, dl4j, torch);
        PyTorchPeer.Result tuned = runPeer(threads, PyTorchPeer.Environment.SAME_AS_DL4J);
        print(out, round, "PyTorch", tuned.trainImagesPerSecond(), tuned.inferImagesPerSecond(),
            " (" + tuned.engine() + ", with DL4J's process settings)");
        sameEnvironment.add(round, dl4j, tuned);
      }
    }
    if (withPeer) {
      out.printf(Locale.ROOT, "RESULT model=%s batch=%d size=%d train_ratio=%.2f infer_ratio=%.2f "
              + "(DL4J / PyTorch as it runs by default, median of %d rounds; target >= 1.00); "
              + "against PyTorch with DL4J's process settings: train_ratio=%.2f infer_ratio=%.2f%n", model, batch,
          size, median(defaults.train), median(defaults.infer), rounds, median(sameEnvironment.train),
          median(sameEnvironment.infer));
    }
    out.flush();
    return 0;
  }

  private PyTorchPeer.Result runPeer(int threads, PyTorchPeer.Environment environment) {
    return PyTorchPeer.run(python, peer, batch, size, threads, iterations, repeats, environment);
  }

  private void print(PrintWriter out, int round, String engine, double train, double infer, String note) {
    out.printf(Locale.ROOT, "round %d  %-7s %s: train %5.1f images/s, infer %5.1f images/s%s%n", round + 1, engine,
        model, train, infer, note);
    out.flush();
  }

  /** DL4J / PyTorch ratios of each round. */
  private record Ratios(double[] train, double[] infer) {
    Ratios(int rounds) {
      this(new double[rounds], new double[rounds]);
    }

    void add(int round, Throughput.Result dl4j, PyTorchPeer.Result torch) {
      train[round] = dl4j.trainImagesPerSecond() / torch.trainImagesPerSecond();
      infer[round] = dl4j.inferImagesPerSecond() / torch.inferImagesPerSecond();
    }
  }


  private static double median(double[] values) {
    return Nd4j.createFromArray(values).medianNumber().doubleValue();
  }
}
