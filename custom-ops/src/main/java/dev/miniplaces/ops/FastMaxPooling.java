package dev.miniplaces.ops;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling (NCHW, truncate mode, padding with -inf as PyTorch), DL4J's {@code SubsamplingLayer} with
 * {@code PoolingType.MAX} made fast on ND4J's oneDNN build. The forward pass runs libnd4j's own {@code maxpool2d}
 * kernel with oneDNN turned off for it: oneDNN's NCHW max pooling is 5x slower here, while oneDNN's convolutions
 * are the fast ones. The backward pass routes each gradient to its window's maximum by matching the forward
 * output ({@link MaxPoolGradient}), faster than libnd4j's {@code maxpool2d_bp}. Same configuration and results as
 * DL4J's layer, which it extends (docs/benchmarks.md has the figures).
 *
 * <p>Those kernels are for the CPU backend only ({@link Backend#hostKernels}); elsewhere, on CUDA, the layer is
 * DL4J's own, whose pooling ops run on cuDNN. The choice is made where the layer is instantiated, so a model built
 * on a CPU driver runs the GPU path on GPU executors.
 */
public class FastMaxPooling extends SubsamplingLayer {
  /** For JSON deserialisation. */
  public FastMaxPooling() {}

  /** Square max pooling: kernel, stride and padding in pixels. */
  public FastMaxPooling(int kernel, int stride, int padding) {
    ConvGeometry geometry = new ConvGeometry(kernel, kernel, stride, stride, padding, padding); // validates
    this.poolingType = org.deeplearning4j.nn.conf.layers.PoolingType.MAX;
    this.kernelSize = new int[] {geometry.kernelH(), geometry.kernelW()};
    this.stride = new int[] {geometry.strideH(), geometry.strideW()};
    this.padding = new int[] {geometry.padH(), geometry.padW()};
    this.dilation = new int[] {1, 1};
    this.convolutionMode = ConvolutionMode.Truncate;
    this.cnn2dDataFormat = CNN2DFormat.NCHW;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
      int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new FastMaxPoolingLayer(conf, networkDataType, Backend.current().hostKernels()), conf,
        trainingListeners,
        layerIndex, layerParamsView, initializer(), initializeParams);
  }
}
