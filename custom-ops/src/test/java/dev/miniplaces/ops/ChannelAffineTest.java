package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ChannelAffineTest {

  private static MultiLayerNetwork network(DataType type) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(type)
        .updater(new NoOp()).trainingWorkspaceMode(WorkspaceMode.NONE).list()
        .layer(new ChannelAffine("affine", 3))
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(5, 4, 3)).build());
    net.init();
    return net;
  }

  @Test
  void startsAsTheIdentityAndScalesAndShiftsEachChannel() {
    MultiLayerNetwork net = network(DataType.FLOAT);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4);
    assertThat(net.output(x).equalsWithEps(x, 0)).isTrue();

    net.getLayer(0).setParam(ChannelAffineParams.SCALE, Nd4j.createFromArray(2f, -1f, 0.5f));
    net.getLayer(0).setParam(ChannelAffineParams.SHIFT, Nd4j.createFromArray(0f, 1f, -3f));
    INDArray y = net.output(x);

    assertThat(y.getFloat(1, 0, 2, 3)).isEqualTo(2 * x.getFloat(1, 0, 2, 3));
    assertThat(y.getFloat(0, 1, 4, 0)).isEqualTo(1 - x.getFloat(0, 1, 4, 0));
    assertThat(y.getFloat(1, 2, 0, 1)).isEqualTo(0.5f * x.getFloat(1, 2, 0, 1) - 3);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    DataType previousDefault = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
    try {
      checkGradients();
    } finally {
      Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }
  }

  private static void checkGradients() {
    MultiLayerNetwork net = network(DataType.DOUBLE);
    net.getLayer(0).setParam(ChannelAffineParams.SCALE, Nd4j.createFromArray(1.5, -0.7, 0.3));
    net.getLayer(0).setParam(ChannelAffineParams.SHIFT, Nd4j.createFromArray(0.2, 0.1, -0.4));
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4).subi(0.5);
    INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4);

    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
        .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));

    assertThat(ok).as("scale and shift gradients").isTrue();
    CustomConvolutionTest.assertInputGradientMatchesFiniteDifferences(net, x, y, 1e-6, 1e-5, 1e-8);
  }

  @Test
  void refusesInputWithOtherChannelsOrLayout() {
    assertThatThrownBy(() -> new ChannelAffine("a", 0)).hasMessageContaining("channels > 0");
    MultiLayerNetwork net = network(DataType.FLOAT);
    assertThatThrownBy(() -> net.output(Nd4j.rand(DataType.FLOAT, 2, 4, 5, 4)))
        .hasMessageContaining("expects [N, 3] or [N, 3, H, W] input");
  }
}
