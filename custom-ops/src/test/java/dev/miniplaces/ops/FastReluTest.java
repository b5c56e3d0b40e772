package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** FastRelu against DL4J's ActivationReLU: same activations, same gradients, including at exactly zero. */
class FastReluTest {
  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void matchesDl4jRelu(DataType type) {
    INDArray x = Nd4j.rand(type, 4, 8, 6, 6).subi(0.5);
    x.putScalar(0, 0.0); // the kink: both give gradient 0 there
    INDArray epsilon = Nd4j.rand(type, 4, 8, 6, 6).subi(0.5);

    assertThat(new FastRelu().getActivation(x.dup(), true))
        .isEqualTo(new ActivationReLU().getActivation(x.dup(), true));
    INDArray ours = new FastRelu().backprop(x.dup(), epsilon.dup()).getFirst();
    INDArray dl4j = new ActivationReLU().backprop(x.dup(), epsilon.dup()).getFirst();
    assertThat(ours).isEqualTo(dl4j);
    assertThat(ours.getDouble(0)).isZero();
  }

  @Test
  void survivesAJsonRoundTrip() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(new FastRelu()).build())
        .layer(new OutputLayer.Builder().nIn(3).nOut(2).build())
        .build();

    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

    assertThat(back).isEqualTo(conf);
    assertThat(((DenseLayer) back.getConf(0).getLayer()).getActivationFn()).isInstanceOf(FastRelu.class);
  }
}
