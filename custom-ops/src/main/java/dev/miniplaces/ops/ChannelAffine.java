package dev.miniplaces.ops;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-channel affine map, {@code y = x · scale[c] + shift[c]} on NCHW or [N, C] activations: what a batch
 * normalisation computes in inference mode, as a layer whose backward pass is that map's own derivative. DL4J's
 * {@code BatchNormalization} always differentiates through the batch statistics, even after an inference-mode
 * forward pass, so input gradients of a model "in eval mode" (saliency maps, adversarial attacks) need the batch
 * norms replaced by this layer, with {@code scale = γ / √(σ² + ε)} and {@code shift = β − μ · scale}.
 */
public class ChannelAffine extends FeedForwardLayer {
  /** For JSON deserialisation. */
  public ChannelAffine() {}

  /** An identity map over {@code channels} channels until its parameters are set. */
  public ChannelAffine(String name, long channels) {
    if (channels <= 0) {
      throw new IllegalArgumentException("ChannelAffine '" + name + "' needs channels > 0, got " + channels);
    }
    this.layerName = name;
    this.nIn = channels;
    this.nOut = channels;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new ChannelAffineLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
        layerParamsView, initializer(), initializeParams);
  }

  @Override
  public ParamInitializer initializer() {
    return ChannelAffineParams.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    channels(inputType);
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (nIn <= 0 || override) {
      nIn = channels(inputType);
      nOut = nIn;
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long params = initializer().numParams(this);
    long perExample = inputType.arrayElementsPerExample();
    return new LayerMemoryReport.Builder(layerName, ChannelAffine.class, inputType, inputType)
        .standardMemory(params, getIUpdater() == null ? 0 : getIUpdater().stateSize(params))
        .workingMemory(0, 0, 0, perExample)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  private long channels(InputType inputType) {
    if (inputType instanceof InputType.InputTypeFeedForward ff) {
      return ff.getSize();
    }
    if (inputType instanceof InputType.InputTypeConvolutional c && c.getFormat() == CNN2DFormat.NCHW) {
      return c.getChannels();
    }
    throw new IllegalArgumentException("ChannelAffine '" + layerName + "' expects [N, C] or NCHW input, got "
        + inputType);
  }
}
