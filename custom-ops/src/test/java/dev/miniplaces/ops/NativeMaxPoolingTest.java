package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** NativeMaxPooling against DL4J's own max pooling: same outputs, same input gradients, same JSON. */
class NativeMaxPoolingTest {
  private static MultiLayerNetwork net(Layer pooling, int channels, int size) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
        .layer(pooling)
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(size, size, channels))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(conf.toJson()));
    net.init();
    return net;
  }

  @ParameterizedTest(name = "k{0} s{1} p{2}, {3}x{3}")
  @CsvSource({"3,2,1,16", "3,2,1,15", "2,2,0,8", "3,1,1,7", "5,3,2,11"})
  void matchesDl4jMaxPoolingForwardAndBackward(int kernel, int stride, int padding, int size) {
    MultiLayerNetwork ours = net(new NativeMaxPooling(kernel, stride, padding), 3, size);
    MultiLayerNetwork dl4j = net(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(kernel, kernel).stride(stride, stride).padding(padding, padding)
        .convolutionMode(ConvolutionMode.Truncate).build(), 3, size);
    assertThat(ours.getLayer(0)).isInstanceOf(NativeMaxPoolingLayer.class);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, size, size).subi(0.5).muli(-1); // negative values: -inf padding shows
    INDArray out = dl4j.output(x);
    INDArray y = Nd4j.rand(DataType.DOUBLE, out.shape());

    assertThat(ours.output(x)).isEqualTo(out);
    Pair<Gradient, INDArray> ourGrads = ours.calculateGradients(x, y, null, null);
    Pair<Gradient, INDArray> dl4jGrads = dl4j.calculateGradients(x, y, null, null);
    assertThat(ourGrads.getSecond()).isEqualTo(dl4jGrads.getSecond());
  }

  @Test
  void survivesAJsonRoundTrip() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
        .layer(new NativeMaxPooling(3, 2, 1))
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).build())
        .setInputType(InputType.convolutional(8, 8, 2))
        .build();

    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

    assertThat(back.getConf(0).getLayer()).isInstanceOf(NativeMaxPooling.class).isEqualTo(conf.getConf(0).getLayer());
  }
}
