package dev.miniplaces.zoo;

import dev.miniplaces.ops.CustomConvolution;
import dev.miniplaces.ops.FastMaxPooling;
import dev.miniplaces.ops.FastRelu;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;

/**
 * The reference kit's SimpleNet, layer for layer (1,368,676 parameters with 100 classes): no batch norm, no
 * dropout, every convolution with a bias and a ReLU, max pooling 3/2/1 (PyTorch's, padding with -inf), a global
 * average pool, and a fully connected softmax classifier. Initialised as PyTorch initialises these layers:
 * weights and biases uniform in ±1/sqrt(fan_in) (Kaiming-uniform with a=sqrt(5)).
 *
 * <p>{@code simplenet-custom} is the same network on {@link CustomConvolution}; the parameters have the same
 * layout, so the two exchange weights.
 */
public final class SimpleNet implements ZooModel {
  private final boolean customConvolution;

  private SimpleNet(boolean customConvolution) {
    this.customConvolution = customConvolution;
  }

  public static SimpleNet builtIn() {
    return new SimpleNet(false);
  }

  public static SimpleNet custom() {
    return new SimpleNet(true);
  }

  @Override
  public String name() {
    return customConvolution ? "simplenet-custom" : "simplenet";
  }

  @Override
  public String description() {
    return "the reference SimpleNet" + (customConvolution ? " on the custom im2col convolution" : "")
        + " (8 convolutions, no batch norm; 1.37M parameters at 100 classes)";
  }

  @Override
  public ComputationGraphConfiguration configuration(ModelSpec spec) {
    ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(spec.dataType())
        .weightInit(WeightInit.UNIFORM) // U(±1/sqrt(fan_in)): PyTorch's default for conv and linear weights
        // Keep each convolution's pre-activation from the forward pass for backprop; without a cache DL4J
        // computes every convolution twice per training step.
        .cacheMode(CacheMode.DEVICE)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(spec.inputSize(), spec.inputSize(), 3));
    String previous = INPUT;
    previous = add(graph, "conv1", conv(64, 7, 2, 3), previous);
    previous = add(graph, "pool1", maxPool(), previous);
    previous = add(graph, "conv2a", conv(64, 1, 1, 0), previous);
    previous = add(graph, "conv2b", conv(64, 3, 1, 1), previous);
    previous = add(graph, "conv2c", conv(256, 1, 1, 0), previous);
    previous = add(graph, "pool2", maxPool(), previous);
    previous = add(graph, "conv3a", conv(64, 1, 1, 0), previous);
    previous = add(graph, "conv3b", conv(64, 3, 1, 1), previous);
    previous = add(graph, "conv3c", conv(256, 1, 1, 0), previous);
    previous = add(graph, "pool3", maxPool(), previous);
    previous = add(graph, "conv4", conv(512, 3, 1, 1), previous);
    return ZooLayers.softmaxClassifier(graph, previous, spec.numClasses());
  }

  @Override
  public void initialise(ComputationGraph graph, ModelSpec spec) {
    PyTorchInit.uniformBiases(graph, spec.seed());
  }

  private static String add(ComputationGraphConfiguration.GraphBuilder graph, String name, Layer layer,
      String input) {
    graph.addLayer(name, layer, input);
    return name;
  }

  private Layer conv(int filters, int kernel, int stride, int padding) {
    if (customConvolution) {
      return new CustomConvolution.Builder(kernel).stride(stride).padding(padding).nOut(filters)
          .activation(new FastRelu()).build();
    }
    return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
        .convolutionMode(ConvolutionMode.Truncate).nOut(filters).activation(new FastRelu()).build();
  }

  /** 3x3, stride 2, padding 1, padding with -inf as PyTorch: DL4J's max pooling on faster kernels. */
  private static Layer maxPool() {
    return new FastMaxPooling(3, 2, 1);
  }
}
