package dev.miniplaces.zoo;

import dev.miniplaces.ops.FastMaxPooling;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;

/**
 * A VGG-style network with batch norm for small images (32-64 pixels: Fashion-MNIST, CIFAR-sized sets): three
 * stages of two 3x3 convolution + batch norm + ReLU (32, 64, 128 channels) at full, half and quarter resolution,
 * a 2x2 max pool between stages, global average pool, softmax. About 0.3M parameters.
 *
 * <p>Why not resnet-small on small images: its stem (stride 2 and a max pool, built for 128x128 scenes) leaves
 * 8x8 maps of a 32x32 image before the first block; keeping the resolution is what small images need
 * (docs/models.md), and at full resolution resnet-small costs 6x this network's arithmetic.
 */
public final class VggSmall implements ZooModel {
  private static final int[] WIDTHS = {32, 64, 128};

  @Override
  public String name() {
    return "vgg-small";
  }

  @Override
  public String description() {
    return "VGG-style network with batch norm for 32-64 px images, 3 stages x 2 convolutions (32/64/128 channels; "
        + "0.3M parameters)";
  }

  @Override
  public ComputationGraphConfiguration configuration(ModelSpec spec) {
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(spec.dataType())
        .weightInit(WeightInit.UNIFORM) // PyTorch's default; see ResNetSmall for why it matters behind batch norm
        .convolutionMode(ConvolutionMode.Truncate)
        .cacheMode(CacheMode.DEVICE)
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(spec.inputSize(), spec.inputSize(), 3));
    String x = INPUT;
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      if (stage > 0) {
        g.addLayer("pool" + stage, new FastMaxPooling(2, 2, 0), x);
        x = "pool" + stage;
      }
      for (int conv = 1; conv <= 2; conv++) {
        x = ZooLayers.convBnRelu(g, "s" + (stage + 1) + "c" + conv, WIDTHS[stage], 3, 1, x);
      }
    }
    return ZooLayers.softmaxClassifier(g, x, spec.numClasses());
  }

  @Override
  public void initialise(ComputationGraph graph, ModelSpec spec) {
    PyTorchInit.uniformBiases(graph, spec.seed());
  }
}
