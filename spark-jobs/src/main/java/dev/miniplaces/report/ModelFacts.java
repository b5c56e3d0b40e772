package dev.miniplaces.report;

import dev.miniplaces.ops.CustomConvolution;
import java.util.OptionalLong;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a report says about a trained network itself: its size, which convolution it is built on, and DL4J's
 * estimate of the memory one worker's training step needs (weights, updater state, activations and the
 * layers' working memory, from each layer's own memory report: the custom convolution reports its im2col
 * buffers).
 */
record ModelFacts(long parameters, String convolution, OptionalLong trainingBytesPerWorkerBatch) {
  static final String CUSTOM = "custom im2col";
  static final String BUILT_IN = "DL4J built-in";
  static final String NONE = "none";

  static ModelFacts of(ComputationGraph model, int inputSize, int workerBatch) {
    return new ModelFacts(model.numParams(), convolutionOf(model), trainingBytes(model, inputSize, workerBatch));
  }

  /** Empty for a network with a layer that has no memory report: the report says n/a rather than failing. */
  private static OptionalLong trainingBytes(ComputationGraph model, int inputSize, int workerBatch) {
    try {
      return OptionalLong.of(model.getConfiguration().getMemoryReport(InputType.convolutional(inputSize, inputSize,
          3)).getTotalMemoryBytes(workerBatch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT));
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  boolean customConvolution() {
    return CUSTOM.equals(convolution);
  }

  private static String convolutionOf(ComputationGraph model) {
    boolean custom = false;
    boolean builtIn = false;
    for (var vertex : model.getConfiguration().getVertices().values()) {
      if (vertex instanceof LayerVertex layer) {
        custom |= layer.getLayerConf().getLayer() instanceof CustomConvolution;
        builtIn |= layer.getLayerConf().getLayer() instanceof ConvolutionLayer;
      }
    }
    return custom && builtIn ? CUSTOM + " + " + BUILT_IN : custom ? CUSTOM : builtIn ? BUILT_IN : NONE;
  }
}
