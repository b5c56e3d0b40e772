package dev.miniplaces.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.deeplearning4j.cuda.convolution.CudnnConvolutionHelper;
import org.deeplearning4j.cuda.convolution.subsampling.CudnnSubsamplingHelper;
import org.deeplearning4j.cuda.normalization.CudnnBatchNormalizationHelper;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.HelperUtils;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The helpers DL4J loads by name on CUDA ({@code org.deeplearning4j.cuda.*}), run here on the CPU: installed in
 * DL4J's layers they give the outputs and gradients of the layers' own code, so on a GPU the only difference is
 * libnd4j's platform implementation of the same ops (cuDNN instead of oneDNN).
 */
class GpuLayerHelpersTest {
  @BeforeAll
  static void layerHelpersOn() {
    Engine.enableLayerHelpers();
  }

  /** A network of one layer (and a loss), with the given helper in its layer; null: the layer's own code. */
  private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer layer, Object helper) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(3).list()
        .layer(layer)
        .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(12, 12, 4))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    setHelper(net.getLayer(0), helper);
    return net;
  }

  private static void setHelper(Layer layer, Object helper) {
    for (Class<?> type = layer.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField("helper");
        field.setAccessible(true);
        field.set(layer, helper);
        return;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("No helper field in " + layer.getClass());
  }

  private static void assertSameForwardAndBackward(org.deeplearning4j.nn.conf.layers.Layer layer, Object helper) {
    MultiLayerNetwork withHelper = net(layer.clone(), helper);
    MultiLayerNetwork own = net(layer.clone(), null);
    own.setParams(withHelper.params().dup());
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 12, 12).subi(0.5);
    INDArray out = own.output(x);
    INDArray y = Nd4j.rand(DataType.FLOAT, out.shape());

    assertThat(withHelper.output(x).equalsWithEps(out, 1e-4)).isTrue();
    Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> ours = withHelper.calculateGradients(x, y, null, null);
    Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> theirs = own.calculateGradients(x, y, null, null);
    assertThat(ours.getSecond().equalsWithEps(theirs.getSecond(), 1e-4)).isTrue();
    if (own.numParams() > 0) {
      assertThat(ours.getFirst().gradient().equalsWithEps(theirs.getFirst().gradient(), 1e-3)).isTrue();
    }
  }

  @Test
  void theConvolutionHelperRunsTheConvolutionDl4jComputes() {
    assertSameForwardAndBackward(new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(6)
        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.RELU).build(),
        new CudnnConvolutionHelper(DataType.FLOAT));
  }

  @Test
  void thePoolingHelperRunsThePoolingDl4jComputes() {
    assertSameForwardAndBackward(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3)
        .stride(2, 2).padding(1, 1).convolutionMode(ConvolutionMode.Truncate).build(),
        new CudnnSubsamplingHelper(DataType.FLOAT));
  }

  @Test
  void theBatchNormHelperRunsTheBatchNormDl4jComputes() {
    assertSameForwardAndBackward(new BatchNormalization.Builder().build(),
        new CudnnBatchNormalizationHelper(DataType.FLOAT));
  }

  @Test
  void theyCarryTheNamesDl4jLooksUpOnCuda() {
    assertThat(CudnnConvolutionHelper.class.getName())
        .isEqualTo(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.CUDA_CNN_HELPER_CLASS_NAME);
    assertThat(CudnnSubsamplingHelper.class.getName()).isEqualTo(
        org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.CUDNN_SUBSAMPLING_HELPER_CLASS_NAME);
    assertThat(CudnnBatchNormalizationHelper.class.getName()).isEqualTo(
        org.deeplearning4j.nn.layers.normalization.BatchNormalization.BATCH_NORM_CUDNN_HELPER_CLASS_NAME);
    assertThat(HelperUtils.class).isNotNull();
  }

  @Test
  void theBackendIsNamedAsDl4jNamesIt() {
    assertThat(Backend.current()).isEqualTo(Backend.CPU);
    assertThat(Backend.named("CUDA").hostKernels()).isFalse();
    assertThat(Backend.named("cpu").hostKernels()).isTrue();
    assertThat(Backend.named("")).isEqualTo(Backend.OTHER);
  }
}
