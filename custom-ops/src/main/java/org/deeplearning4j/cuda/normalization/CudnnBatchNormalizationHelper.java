package org.deeplearning4j.cuda.normalization;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's batch normalisation on CUDA runs libnd4j's {@code batchnorm} and {@code batchnorm_bp} ops, on cuDNN in
 * the {@code -cudnn} build. Named as DL4J looks it up; see {@code CudnnConvolutionHelper} for why.
 */
public class CudnnBatchNormalizationHelper extends MKLDNNBatchNormHelper {
  public CudnnBatchNormalizationHelper(DataType dataType) {
    super(dataType);
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  /** As the oneDNN helper, less its CPU check: the op cannot keep gamma and beta fixed. */
  @Override
  public boolean checkSupported(double eps, boolean fixedGammaBeta) {
    return !fixedGammaBeta;
  }
}
