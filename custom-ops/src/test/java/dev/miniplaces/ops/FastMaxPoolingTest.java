package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * FastMaxPooling against DL4J's own max pooling: same outputs, same input gradients (float32: the output-matching
 * backward pass; float64: libnd4j's), same JSON.
 */
class FastMaxPoolingTest {
  private static MultiLayerNetwork net(Layer pooling, int channels, int size, DataType dataType) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(dataType).list()
        .layer(pooling)
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(size, size, channels))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(conf.toJson()));
    net.init();
    return net;
  }

  private static MultiLayerNetwork dl4jMaxPooling(int kernel, int stride, int padding, int size, DataType type) {
    return net(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(kernel, kernel).stride(stride, stride).padding(padding, padding)
        .convolutionMode(ConvolutionMode.Truncate).build(), 3, size, type);
  }

  @ParameterizedTest(name = "k{0} s{1} p{2}, {3}x{3}, {4}")
  @CsvSource({"3,2,1,16,FLOAT", "3,2,1,15,FLOAT", "2,2,0,8,FLOAT", "3,1,1,7,FLOAT", "5,3,2,11,FLOAT",
      "3,2,1,16,DOUBLE", "3,2,1,15,DOUBLE", "5,3,2,11,DOUBLE"})
  void matchesDl4jMaxPoolingForwardAndBackward(int kernel, int stride, int padding, int size, DataType type) {
    MultiLayerNetwork ours = net(new FastMaxPooling(kernel, stride, padding), 3, size, type);
    MultiLayerNetwork dl4j = dl4jMaxPooling(kernel, stride, padding, size, type);
    assertThat(ours.getLayer(0)).isInstanceOf(FastMaxPoolingLayer.class);
    INDArray x = Nd4j.rand(type, 2, 3, size, size).subi(0.5).muli(-1); // negative values: -inf padding shows
    INDArray out = dl4j.output(x);
    INDArray y = Nd4j.rand(type, out.shape());

    assertThat(ours.output(x)).isEqualTo(out);
    assertSameInputGradient(ours, dl4j, x, y);
  }

  @Test
  void tiesGoToTheFirstMaximumAsInDl4j() {
    // After a ReLU most windows hold several equal maxima (zeros); the gradient goes to one of them, the same one.
    MultiLayerNetwork ours = net(new FastMaxPooling(3, 2, 1), 3, 16, DataType.FLOAT);
    MultiLayerNetwork dl4j = dl4jMaxPooling(3, 2, 1, 16, DataType.FLOAT);
    INDArray x = Transforms.relu(Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16).subi(0.8), false);
    x.get(NDArrayIndex.point(0), NDArrayIndex.point(0)).assign(0.25); // whole planes of equal values
    INDArray y = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);

    assertSameInputGradient(ours, dl4j, x, y);
  }

  @Test
  void backwardWithoutItsForwardPassFallsBackToLibnd4j() {
    FastMaxPoolingLayer layer = (FastMaxPoolingLayer) net(new FastMaxPooling(3, 2, 1), 3, 16, DataType.FLOAT)
        .getLayer(0);
    MultiLayerNetwork dl4j = dl4jMaxPooling(3, 2, 1, 16, DataType.FLOAT);
    LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    INDArray first = Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16);
    INDArray second = Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16);
    INDArray gradOut = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
    layer.setInput(first, noWorkspaces);
    layer.activate(true, noWorkspaces);

    layer.setInput(second, noWorkspaces); // the stored forward output belongs to `first`
    INDArray ours = layer.backpropGradient(gradOut, noWorkspaces).getSecond();

    org.deeplearning4j.nn.api.Layer reference = dl4j.getLayer(0);
    reference.setInput(second, noWorkspaces);
    reference.activate(true, noWorkspaces);
    assertThat(ours).isEqualTo(reference.backpropGradient(gradOut, noWorkspaces).getSecond());
  }

  @Test
  void withoutHostKernelsItIsDl4jsLayerAsOnAGpu() {
    MultiLayerNetwork ours = net(new FastMaxPooling(3, 2, 1), 3, 15, DataType.FLOAT);
    MultiLayerNetwork dl4j = dl4jMaxPooling(3, 2, 1, 15, DataType.FLOAT);
    assertThat(((FastMaxPoolingLayer) ours.getLayer(0)).hostKernels()).isEqualTo(Backend.current() == Backend.CPU);
    FastMaxPoolingLayer gpuPath = new FastMaxPoolingLayer(ours.getLayer(0).conf(), DataType.FLOAT, false);
    LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 15, 15).subi(0.5);
    INDArray gradOut = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
    org.deeplearning4j.nn.api.Layer reference = dl4j.getLayer(0);
    reference.setInput(x, noWorkspaces);
    gpuPath.setInput(x, noWorkspaces);

    assertThat(gpuPath.activate(true, noWorkspaces)).isEqualTo(reference.activate(true, noWorkspaces));
    assertThat(gpuPath.backpropGradient(gradOut, noWorkspaces).getSecond())
        .isEqualTo(reference.backpropGradient(gradOut, noWorkspaces).getSecond());
  }

  private static void assertSameInputGradient(MultiLayerNetwork ours, MultiLayerNetwork dl4j, INDArray x,
      INDArray y) {
    INDArray ourGrad = ours.calculateGradients(x, y, null, null).getSecond();
    INDArray dl4jGrad = dl4j.calculateGradients(x, y, null, null).getSecond();
    // Overlapping windows sum into one input in either order: float32 rounding may differ in the last bit.
    assertThat(ourGrad.equalsWithEps(dl4jGrad, 1e-6)).as("%s%nvs%n%s", ourGrad, dl4jGrad).isTrue();
  }

  @Test
  void survivesAJsonRoundTrip() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
        .layer(new FastMaxPooling(3, 2, 1))
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).build())
        .setInputType(InputType.convolutional(8, 8, 2))
        .build();

    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());

    assertThat(back.getConf(0).getLayer()).isInstanceOf(FastMaxPooling.class).isEqualTo(conf.getConf(0).getLayer());
  }
}
