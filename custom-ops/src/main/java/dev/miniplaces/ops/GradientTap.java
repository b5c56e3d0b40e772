package dev.miniplaces.ops;

import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An identity layer that keeps a copy of the gradient flowing back through it ({@link GradientTapLayer#tapped}).
 * Placed right after a network's input, it yields the loss's gradient with respect to the input while the network
 * runs with workspaces: DL4J hands that gradient to the input vertex in a workspace that closes before backprop
 * returns, so it cannot be read afterwards.
 */
public class GradientTap extends NoParamLayer {
  /** For JSON deserialisation. */
  public GradientTap() {}

  public GradientTap(String name) {
    this.layerName = name;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new GradientTapLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
        layerParamsView, initializer(), initializeParams);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long perExample = inputType.arrayElementsPerExample();
    return new LayerMemoryReport.Builder(layerName, GradientTap.class, inputType, inputType)
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, perExample)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }
}
