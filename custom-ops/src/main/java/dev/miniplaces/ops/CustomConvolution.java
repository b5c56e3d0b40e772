package dev.miniplaces.ops;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of a 2D convolution computed by {@link CustomConvolutionLayer} with im2col/col2im and matrix
 * products only: a drop-in for DL4J's {@code ConvolutionLayer} (NCHW, truncate mode, no dilation) in
 * {@code MultiLayerNetwork} and {@code ComputationGraph}, with the same parameters in the same layout.
 *
 * <pre>
 * new CustomConvolution.Builder(7, 7).stride(2, 2).padding(3, 3).nIn(3).nOut(64)
 *     .activation(Activation.RELU).weightInit(WeightInit.RELU).build()
 * </pre>
 *
 * Invalid settings are refused when the configuration is built: kernel, stride or padding out of range here,
 * a kernel larger than the padded input or a channel count that differs from the previous layer's when the
 * network's input type is set.
 */
public class CustomConvolution extends FeedForwardLayer {
  @JsonProperty private int[] kernelSize;
  @JsonProperty private int[] stride;
  @JsonProperty private int[] padding;
  @JsonProperty private boolean hasBias = true;
  /** nIn given on the builder: a promise about the previous layer that building the network checks. */
  @JsonIgnore private transient boolean nInGiven;

  /** For JSON deserialisation. */
  public CustomConvolution() {}

  private CustomConvolution(Builder builder) {
    super(builder);
    this.kernelSize = builder.kernelSize.clone();
    this.stride = builder.stride.clone();
    this.padding = builder.padding.clone();
    this.hasBias = builder.hasBias;
    this.nInGiven = builder.nInGiven();
    geometry(); // validates
    initializeConstraints(builder);
  }

  public ConvGeometry geometry() {
    return new ConvGeometry(kernelSize[0], kernelSize[1], stride[0], stride[1], padding[0], padding[1]);
  }

  public int[] getKernelSize() {
    return kernelSize.clone();
  }

  public int[] getStride() {
    return stride.clone();
  }

  public int[] getPadding() {
    return padding.clone();
  }

  public boolean hasBias() {
    return hasBias;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, DataType networkDataType) {
    if (getNIn() <= 0 || getNOut() <= 0) {
      throw new IllegalStateException("CustomConvolution layer " + layerIndex + " (" + getLayerName()
          + ") needs nIn and nOut > 0, got nIn=" + getNIn() + ", nOut=" + getNOut()
          + " (set them, or set the network's input type)");
    }
    return LayerWiring.wire(new CustomConvolutionLayer(conf, networkDataType), conf, trainingListeners,
        layerIndex, layerParamsView, initializer(), initializeParams);
  }

  @Override
  public ParamInitializer initializer() {
    return CustomConvolutionParams.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    InputType.InputTypeConvolutional in = requireNchw(inputType);
    ConvGeometry g = geometry();
    try {
      return InputType.convolutional(g.outH(in.getHeight()), g.outW(in.getWidth()), nOut, CNN2DFormat.NCHW);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(describe(layerIndex) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    InputType.InputTypeConvolutional in = requireNchw(inputType);
    if (nInGiven && nIn != in.getChannels()) {
      throw new IllegalArgumentException(describe(-1) + ": nIn is " + nIn + " but the previous layer gives "
          + in.getChannels() + " channels");
    }
    nIn = in.getChannels();
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType.InputTypeConvolutional in = requireNchw(inputType);
    InputType outputType = getOutputType(-1, inputType);
    InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) outputType;
    long params = initializer().numParams(this);
    long updaterState = getIUpdater().stateSize(params);
    long im2colPerExample = in.getChannels() * out.getHeight() * out.getWidth() * kernelSize[0] * kernelSize[1];
    // Training recomputes the forward pass in backprop: the im2col matrix plus its gradient, as DL4J's own layer.
    Map<CacheMode, Long> trainingPerExample = MemoryReport.cacheModeMapFor(2 * im2colPerExample);
    return new LayerMemoryReport.Builder(getLayerName(), CustomConvolution.class, inputType, outputType)
        .standardMemory(params, updaterState)
        .workingMemory(0, im2colPerExample, MemoryReport.CACHE_MODE_ALL_ZEROS, trainingPerExample)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  private InputType.InputTypeConvolutional requireNchw(InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional c) || c.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException(describe(-1) + ": expects NCHW convolutional input, got " + inputType);
    }
    return c;
  }

  private String describe(int layerIndex) {
    return "CustomConvolution" + (getLayerName() != null ? " '" + getLayerName() + "'" : "")
        + (layerIndex >= 0 ? " (layer " + layerIndex + ")" : "") + " " + Arrays.toString(kernelSize) + " kernel";
  }

  @Override
  public CustomConvolution clone() {
    CustomConvolution clone = (CustomConvolution) super.clone();
    clone.kernelSize = kernelSize.clone();
    clone.stride = stride.clone();
    clone.padding = padding.clone();
    return clone;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomConvolution other && super.equals(other) && hasBias == other.hasBias
        && Arrays.equals(kernelSize, other.kernelSize) && Arrays.equals(stride, other.stride)
        && Arrays.equals(padding, other.padding);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), hasBias, Arrays.hashCode(kernelSize), Arrays.hashCode(stride),
        Arrays.hashCode(padding));
  }

  @Override
  public String toString() {
    return "CustomConvolution(nIn=" + nIn + ", nOut=" + nOut + ", kernel=" + Arrays.toString(kernelSize)
        + ", stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding) + ", bias=" + hasBias
        + ", activation=" + getActivationFn() + ")";
  }

  /** Builds a {@link CustomConvolution}; kernel, stride and padding take one value (square) or two (height, width). */
  public static class Builder extends FeedForwardLayer.Builder<Builder> {
    private int[] kernelSize = {3, 3};
    private int[] stride = {1, 1};
    private int[] padding = {0, 0};
    private boolean hasBias = true;

    public Builder() {}

    public Builder(int... kernelSize) {
      kernelSize(kernelSize);
    }

    public Builder kernelSize(int... kernelSize) {
      this.kernelSize = pair("kernelSize", kernelSize);
      return this;
    }

    public Builder stride(int... stride) {
      this.stride = pair("stride", stride);
      return this;
    }

    public Builder padding(int... padding) {
      this.padding = pair("padding", padding);
      return this;
    }

    public Builder hasBias(boolean hasBias) {
      this.hasBias = hasBias;
      return this;
    }

    boolean nInGiven() {
      return nIn > 0;
    }

    private static int[] pair(String name, int[] values) {
      return switch (values.length) {
        case 1 -> new int[] {values[0], values[0]};
        case 2 -> values.clone();
        default -> throw new IllegalArgumentException(
            "Invalid convolution " + name + " " + Arrays.toString(values) + " (give one value or two)");
      };
    }

    @Override
    @SuppressWarnings("unchecked")
    public CustomConvolution build() {
      return new CustomConvolution(this);
    }
  }
}
