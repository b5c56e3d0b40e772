package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Building, validating and serialising networks that contain the custom convolution. */
class CustomConvolutionConfigTest {
  @TempDir Path dir;

  private static NeuralNetConfiguration.ListBuilder classifier() {
    return new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
        .layer(new CustomConvolution.Builder(3).stride(2).padding(1).nOut(8).activation(Activation.RELU).build())
        .layer(new CustomConvolution.Builder(3).padding(1).nOut(8).activation(Activation.RELU).build())
        .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX)
            .build());
  }

  @Test
  void survivesAJsonRoundTrip() {
    MultiLayerConfiguration conf = classifier().setInputType(InputType.convolutional(16, 16, 3)).build();

    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

    assertThat(back).isEqualTo(conf);
    assertThat(back.getConf(0).getLayer()).isInstanceOf(CustomConvolution.class);
    CustomConvolution layer = (CustomConvolution) back.getConf(0).getLayer();
    assertThat(layer.getKernelSize()).containsExactly(3, 3);
    assertThat(layer.getStride()).containsExactly(2, 2);
    assertThat(layer.getPadding()).containsExactly(1, 1);
    assertThat(layer.getNIn()).isEqualTo(3);
  }

  @Test
  void survivesAModelSerializerRoundTripWithUpdaterState() throws Exception {
    MultiLayerNetwork net = new MultiLayerNetwork(classifier().setInputType(InputType.convolutional(16, 16, 3)).build());
    net.init();
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16);
    INDArray y = Nd4j.eye(4).castTo(DataType.FLOAT);
    net.fit(x, y);
    File file = dir.resolve("model.zip").toFile();

    ModelSerializer.writeModel(net, file, true);
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);

    assertThat(restored.output(x)).isEqualTo(net.output(x));
    assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
    restored.fit(x, y);
    net.fit(x, y);
    assertThat(restored.params()).isEqualTo(net.params());
  }

  @Test
  void worksInAComputationGraph() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
        .addInputs("in")
        .addLayer("conv", new CustomConvolution.Builder(3).padding(1).nOut(4).activation(Activation.RELU).build(),
            "in")
        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
            .activation(Activation.SOFTMAX).build(), "pool")
        .setOutputs("out")
        .setInputTypes(InputType.convolutional(8, 8, 2))
        .build();
    ComputationGraph graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
    graph.init();
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 8, 8);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 2).putScalar(0, 0, 1).putScalar(1, 1, 1).putScalar(2, 0, 1);
    double before = graph.score(new org.nd4j.linalg.dataset.DataSet(x, y));

    for (int i = 0; i < 20; i++) {
      graph.fit(new INDArray[] {x}, new INDArray[] {y});
    }

    assertThat(graph.outputSingle(x).shape()).containsExactly(3, 2);
    assertThat(graph.score(new org.nd4j.linalg.dataset.DataSet(x, y))).isLessThan(before);
  }

  @Test
  void refusesAKernelLargerThanThePaddedInputWithTheNumbers() {
    assertThatThrownBy(() -> new NeuralNetConfiguration.Builder().list()
            .layer(new CustomConvolution.Builder(7).padding(1).nOut(4).build())
            .setInputType(InputType.convolutional(4, 4, 3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kernel height 7 is larger than the input height 4 + 2 x padding 1 = 6");
  }

  @Test
  void refusesStrideBelowOneAndNegativePadding() {
    assertThatThrownBy(() -> new CustomConvolution.Builder(3).stride(0).nOut(4).build())
        .hasMessage("Invalid convolution stride 0x0 (must be >= 1)");
    assertThatThrownBy(() -> new CustomConvolution.Builder(3).padding(-1).nOut(4).build())
        .hasMessage("Invalid convolution padding -1x-1 (must be >= 0)");
    assertThatThrownBy(() -> new CustomConvolution.Builder(3, 3, 3).build())
        .hasMessage("Invalid convolution kernelSize [3, 3, 3] (give one value or two)");
  }

  @Test
  void refusesAChannelCountThatDiffersFromThePreviousLayer() {
    assertThatThrownBy(() -> new NeuralNetConfiguration.Builder().list()
            .layer(new CustomConvolution.Builder(3).nIn(3).nOut(8).build())
            .layer(new CustomConvolution.Builder(3).nIn(5).nOut(8).build())
            .setInputType(InputType.convolutional(16, 16, 3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nIn is 5 but the previous layer gives 8 channels");
  }
}
