package org.deeplearning4j.cuda.convolution;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's convolution layers on CUDA run libnd4j's {@code conv2d} and {@code conv2d_bp} ops, whose cuDNN
 * implementations ship in nd4j-cuda-11.6's {@code -cudnn} build.
 *
 * <p>Why a class of this name: DL4J 1.0.0-M2.1 looks its CUDA layer helpers up by these names
 * ({@code ConvolutionLayer.CUDA_CNN_HELPER_CLASS_NAME}), from deeplearning4j-cuda, a module never published for
 * M2.1 (none for CUDA 11.6 on Maven Central). Without one, every convolution falls back to im2col and a matrix
 * product. The op-calling helper DL4J uses with oneDNN is backend-neutral: it builds an op context and runs the
 * ops, and libnd4j picks the platform implementation (oneDNN on the CPU build, cuDNN on this one). Only its
 * {@code checkSupported} is CPU-bound, so it is reused here as it is.
 */
public class CudnnConvolutionHelper extends MKLDNNConvHelper {
  public CudnnConvolutionHelper(DataType dataType) {
    super(dataType);
  }

  @Override
  public boolean checkSupported() {
    return true;
  }
}
