package dev.miniplaces.zoo;

import dev.miniplaces.ops.FastMaxPooling;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;

/**
 * A small residual network with batch norm for 128x128 scenes, sized for the challenge's limits (model file
 * under 10 MB, hours not days on one K40-class GPU): a two-convolution stem and max pool to 32x32, then three
 * stages of two basic blocks (widths 48, 96, 192; stride 2 at the start of the last two: 32, 16, 8), global
 * average pool, softmax. About 1.6M parameters (6.3 MB as float32). Why this shape: docs/models.md.
 */
public final class ResNetSmall implements ZooModel {
  private static final int[] WIDTHS = {48, 96, 192};
  private static final int BLOCKS_PER_STAGE = 2;

  @Override
  public String name() {
    return "resnet-small";
  }

  @Override
  public String description() {
    return "residual network with batch norm, 3 stages x 2 basic blocks (48/96/192 channels; ~1.6M parameters)";
  }

  @Override
  public ComputationGraphConfiguration configuration(ModelSpec spec) {
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(spec.dataType())
        // PyTorch's default (Kaiming-uniform, a=sqrt(5)), not He-normal: behind batch norm a weight's scale sets
        // its effective learning rate (lr / |w|^2), and He-normal starts 6x larger in variance, so it learns slower.
        .weightInit(WeightInit.UNIFORM)
        .convolutionMode(ConvolutionMode.Truncate)
        .cacheMode(CacheMode.DEVICE) // forward results reused by backprop, as in SimpleNet
        .graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(spec.inputSize(), spec.inputSize(), 3));
    String x = ZooLayers.convBnRelu(g, "stem1", 32, 3, 2, INPUT);
    x = ZooLayers.convBnRelu(g, "stem2", 32, 3, 1, x);
    g.addLayer("stem_pool", new FastMaxPooling(3, 2, 1), x);
    x = "stem_pool";
    int channels = 32;
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        x = basicBlock(g, "s" + (stage + 1) + "b" + (block + 1), channels, WIDTHS[stage], stride, x);
        channels = WIDTHS[stage];
      }
    }
    return ZooLayers.softmaxClassifier(g, x, spec.numClasses());
  }

  @Override
  public void initialise(ComputationGraph graph, ModelSpec spec) {
    PyTorchInit.uniformBiases(graph, spec.seed()); // the classifier's bias, as PyTorch draws it
  }

  /** conv3x3(stride) → BN → ReLU → conv3x3 → BN, plus the shortcut (1x1 conv + BN when the shape changes), → ReLU. */
  private static String basicBlock(ComputationGraphConfiguration.GraphBuilder g, String name, int in, int out,
      int stride, String input) {
    String branch = ZooLayers.convBnRelu(g, name + "_conv1", out, 3, stride, input);
    branch = ZooLayers.convBn(g, name + "_conv2", out, 3, 1, branch);
    String shortcut = input;
    if (stride != 1 || in != out) {
      shortcut = ZooLayers.convBn(g, name + "_proj", out, 1, stride, input);
    }
    g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
    return ZooLayers.relu(g, name + "_relu", name + "_add");
  }
}
