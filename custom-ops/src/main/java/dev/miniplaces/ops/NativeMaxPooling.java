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
 * Max pooling (NCHW, truncate mode, padding with -inf as PyTorch) run by libnd4j's own {@code maxpool2d} kernels
 * with oneDNN turned off for these two ops. On ND4J's oneDNN build, oneDNN's NCHW max pooling is 5x slower forward
 * and 2x slower backward than libnd4j's kernel on this machine (docs/benchmarks.md), while oneDNN's convolutions
 * are the fast ones; this layer lets a network have both. Same configuration and results as DL4J's
 * {@code SubsamplingLayer} with {@code PoolingType.MAX}, which it extends.
 */
public class NativeMaxPooling extends SubsamplingLayer {
  /** For JSON deserialisation. */
  public NativeMaxPooling() {}

  /** Square max pooling: kernel, stride and padding in pixels. */
  public NativeMaxPooling(int kernel, int stride, int padding) {
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
    return LayerWiring.wire(new NativeMaxPoolingLayer(conf, networkDataType), conf, trainingListeners,
        layerIndex, layerParamsView, initializer(), initializeParams);
  }
}
