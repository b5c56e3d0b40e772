package org.deeplearning4j.cuda.convolution.subsampling;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's pooling layers on CUDA run libnd4j's {@code maxpool2d} / {@code avgpool2d} ops and their gradients, on
 * cuDNN in the {@code -cudnn} build. Named as DL4J looks it up; see {@code CudnnConvolutionHelper} for why.
 */
public class CudnnSubsamplingHelper extends MKLDNNSubsamplingHelper {
  public CudnnSubsamplingHelper(DataType dataType) {
    super(dataType);
  }

  @Override
  public boolean checkSupported() {
    return true;
  }
}
