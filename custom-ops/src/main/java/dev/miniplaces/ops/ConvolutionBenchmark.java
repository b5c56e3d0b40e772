package dev.miniplaces.ops;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward + backward of the custom convolution against DL4J's built-in one, layer by layer, on the same input
 * and weights, in one run. The built-in layer is measured twice: on DL4J's own im2col + gemm path (layer helpers
 * off: the same method as the custom layer, and the targets' reference) and on oneDNN's direct convolution
 * (helpers on, ND4J's oneDNN build: what the zoo's built-in models run on). Time is the median of alternating
 * rounds; memory is the most any one forward + backward allocated, measured by running each inside a DL4J
 * workspace (which is how training runs them) and reading its largest cycle.
 */
public final class ConvolutionBenchmark {
  /** One convolution to measure: input shape and settings. */
  public record Case(String name, int channels, int size, int filters, int kernel, int stride, int padding) {}

  /** Time (ms per forward + backward) and memory (MB allocated by one) of one layer on one case. */
  public record Cost(double ms, double mb) {}

  /** The custom layer and the built-in one, on its im2col path and on oneDNN. */
  public record Result(Case shape, Cost custom, Cost im2col, Cost oneDnn) {
    /** Built-in im2col time / custom time. */
    public double speedRatio() {
      return im2col.ms / custom.ms;
    }

    /** Custom memory / built-in im2col memory. */
    public double memoryRatio() {
      return custom.mb / im2col.mb;
    }

    public double oneDnnSpeedRatio() {
      return oneDnn.ms / custom.ms;
    }

    public double oneDnnMemoryRatio() {
      return custom.mb / oneDnn.mb;
    }
  }

  /** The convolutions of SimpleNet on a 128x128 input (see the reference defaults). */
  public static List<Case> simpleNet128() {
    return List.of(
        new Case("conv1", 3, 128, 64, 7, 2, 3),
        new Case("conv2a", 64, 32, 64, 1, 1, 0),
        new Case("conv2b", 64, 32, 64, 3, 1, 1),
        new Case("conv2c", 64, 32, 256, 1, 1, 0),
        new Case("conv3a", 256, 16, 64, 1, 1, 0),
        new Case("conv3b", 64, 16, 64, 3, 1, 1),
        new Case("conv3c", 64, 16, 256, 1, 1, 0),
        new Case("conv4", 256, 8, 512, 3, 1, 1));
  }

  private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
      .policyAllocation(AllocationPolicy.STRICT)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  private final int batch;
  private final int rounds;

  public ConvolutionBenchmark(int batch, int rounds) {
    this.batch = batch;
    this.rounds = rounds;
  }

  public Result run(Case c) {
    Layer custom = layer(new CustomConvolution.Builder(c.kernel()).stride(c.stride()).padding(c.padding()), c);
    Layer im2col = withLayerHelpers(false, () -> layer(builtIn(c), c));
    Layer oneDnn = withLayerHelpers(true, () -> layer(builtIn(c), c));
    im2col.setParams(custom.params().dup());
    oneDnn.setParams(custom.params().dup());
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, c.channels(), c.size(), c.size()).subi(0.5);
    int out = (c.size() + 2 * c.padding() - c.kernel()) / c.stride() + 1;
    INDArray gradOut = Nd4j.rand(DataType.FLOAT, batch, c.filters(), out, out);

    List<Layer> layers = List.of(custom, im2col, oneDnn);
    double[] mb = new double[layers.size()];
    double[][] ms = new double[layers.size()][rounds];
    for (int l = 0; l < layers.size(); l++) {
      mb[l] = workspaceMb(layers.get(l), x, gradOut, "bench-" + l + "-" + c.name());
    }
    for (int r = 0; r < rounds; r++) {
      for (int l = 0; l < layers.size(); l++) {
        ms[l][r] = timeMs(layers.get(l), x, gradOut);
      }
    }
    return new Result(c, new Cost(median(ms[0]), mb[0]), new Cost(median(ms[1]), mb[1]),
        new Cost(median(ms[2]), mb[2]));
  }

  private static ConvolutionLayer.Builder builtIn(Case c) {
    return new ConvolutionLayer.Builder(c.kernel(), c.kernel()).stride(c.stride(), c.stride())
        .padding(c.padding(), c.padding()).convolutionMode(ConvolutionMode.Truncate);
  }

  /** DL4J picks a layer's helper when it builds the layer, from a system property; set it for this build only. */
  private static Layer withLayerHelpers(boolean on, Supplier<Layer> build) {
    String property = Engine.HELPERS_DISABLED;
    String previous = System.getProperty(property);
    System.setProperty(property, String.valueOf(!on));
    try {
      return build.get();
    } finally {
      if (previous == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, previous);
      }
    }
  }

  private static Layer layer(FeedForwardLayer.Builder<?> builder, Case c) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
        .layer(builder.nOut(c.filters()).activation(Activation.RELU).build())
        .setInputType(InputType.convolutional(c.size(), c.size(), c.channels()))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView(); // backprop writes into the network's gradient views, made lazily on first fit
    return net.getLayer(0);
  }

  private static double timeMs(Layer layer, INDArray x, INDArray gradOut) {
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    long start = System.nanoTime();
    forwardBackward(layer, x, gradOut, none);
    return (System.nanoTime() - start) / 1e6;
  }

  private static double workspaceMb(Layer layer, INDArray x, INDArray gradOut, String id) {
    LayerWorkspaceMgr.Builder builder = LayerWorkspaceMgr.builder();
    for (ArrayType type : ArrayType.values()) {
      builder.with(type, id, WORKSPACE);
    }
    LayerWorkspaceMgr mgr = builder.build();
    long max = 0;
    for (int i = 0; i < 3; i++) { // the first cycle learns the size; later ones run inside it
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, id)) {
        forwardBackward(layer, x, gradOut, mgr);
        max = Math.max(max, ws.getMaxCycleAllocations());
      }
    }
    Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id));
    return Math.max(max, 1) / 1e6;
  }

  private static void forwardBackward(Layer layer, INDArray x, INDArray gradOut, LayerWorkspaceMgr mgr) {
    layer.setInput(x, mgr);
    layer.activate(true, mgr);
    layer.backpropGradient(gradOut, mgr);
    layer.clear();
  }


  /**
   * Runs every SimpleNet convolution and prints a table: speed = built-in time / custom time, memory = custom /
   * built-in, each against the built-in's im2col path and against oneDNN.
   */
  public static List<Result> runAll(int batch, int rounds, PrintWriter out) {
    ConvolutionBenchmark benchmark = new ConvolutionBenchmark(batch, rounds);
    List<Result> results = new ArrayList<>();
    out.printf("%-7s %-22s %28s %16s %25s %16s%n", "", "", "ms (forward + backward)", "speed vs",
        "MB (largest allocation)", "memory vs");
    out.printf("%-7s %-22s %8s %8s %8s %7s %7s %8s %8s %8s %7s %7s%n", "layer", "shape (C->F, HxW, k/s/p)",
        "custom", "im2col", "oneDNN", "im2col", "oneDNN", "custom", "im2col", "oneDNN", "im2col", "oneDNN");
    for (Case c : simpleNet128()) {
      Result r = benchmark.run(c);
      results.add(r);
      out.printf("%-7s %-22s %8.1f %8.1f %8.1f %6.2fx %6.2fx %8.1f %8.1f %8.1f %6.2fx %6.2fx%n", c.name(),
          c.channels() + "->" + c.filters() + ", " + c.size() + "x" + c.size() + ", " + c.kernel() + "/"
              + c.stride() + "/" + c.padding(),
          r.custom().ms(), r.im2col().ms(), r.oneDnn().ms(), r.speedRatio(), r.oneDnnSpeedRatio(),
          r.custom().mb(), r.im2col().mb(), r.oneDnn().mb(), r.memoryRatio(), r.oneDnnMemoryRatio());
      out.flush();
    }
    double custom = totalMs(results, Result::custom);
    double im2col = totalMs(results, Result::im2col);
    double oneDnn = totalMs(results, Result::oneDnn);
    out.printf("%-30s %8.1f %8.1f %8.1f %6.2fx %6.2fx%n", "all layers", custom, im2col, oneDnn, im2col / custom,
        oneDnn / custom);
    return results;
  }

  /** Summed time of one kind of layer over the results. */
  public static double totalMs(List<Result> results, Function<Result, Cost> layer) {
    return results.stream().mapToDouble(r -> layer.apply(r).ms()).sum();
  }

  private static double median(double[] values) {
    return Nd4j.createFromArray(values).medianNumber().doubleValue();
  }
}
