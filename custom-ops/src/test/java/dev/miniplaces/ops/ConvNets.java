package dev.miniplaces.ops;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One-convolution networks for comparing the custom layer with DL4J's built-in one: the convolution, then an MSE
 * loss directly on its NCHW output (no parameters), so that every difference comes from the convolution.
 */
final class ConvNets {
  private ConvNets() {}

  /** A test case: the input shape and the convolution's settings. */
  record Shape(int batch, int channels, int height, int width, int filters, ConvGeometry geometry) {
    @Override
    public String toString() {
      return batch + "x" + channels + "x" + height + "x" + width + " -> " + filters + ", k" + geometry.kernelH()
          + "x" + geometry.kernelW() + " s" + geometry.strideH() + " p" + geometry.padH();
    }
  }

  static Layer custom(Shape s, Activation activation) {
    ConvGeometry g = s.geometry();
    return new CustomConvolution.Builder(g.kernelH(), g.kernelW())
        .stride(g.strideH(), g.strideW()).padding(g.padH(), g.padW())
        .nOut(s.filters()).activation(activation).build();
  }

  static Layer builtIn(Shape s, Activation activation) {
    ConvGeometry g = s.geometry();
    return new ConvolutionLayer.Builder(g.kernelH(), g.kernelW())
        .stride(g.strideH(), g.strideW()).padding(g.padH(), g.padW())
        .convolutionMode(ConvolutionMode.Truncate)
        .nOut(s.filters()).activation(activation).build();
  }

  static MultiLayerNetwork network(Layer conv, Shape s, DataType dataType, IUpdater updater, double weightDecay,
      long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(dataType)
        .updater(updater == null ? new NoOp() : updater)
        .weightInit(WeightInit.XAVIER)
        .l2(weightDecay)
        .list()
        .layer(conv)
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(s.height(), s.width(), s.channels()))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** The custom and the built-in network, the built-in given the custom one's initial parameters. */
  static MultiLayerNetwork[] pair(Shape s, Activation activation, DataType dataType, IUpdater updater,
      double weightDecay) {
    MultiLayerNetwork custom = network(custom(s, activation), s, dataType, updater, weightDecay, 12345);
    MultiLayerNetwork builtIn = network(builtIn(s, activation), s, dataType, updater, weightDecay, 12345);
    builtIn.setParams(custom.params().dup());
    return new MultiLayerNetwork[] {custom, builtIn};
  }
}
