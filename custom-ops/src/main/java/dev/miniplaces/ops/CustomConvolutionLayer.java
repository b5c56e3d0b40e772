package dev.miniplaces.ops;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.exception.ND4JIllegalStateException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime of {@link CustomConvolution}: a 2D convolution from im2col/col2im and matrix products only.
 *
 * <p>With X [N, C, H, W], weights W [F, C, kH, kW], R = N·oH·oW output positions and K = C·kH·kW:
 *
 * <pre>
 * forward   cols = im2col(X)              [R, K]   (stored [N, oH, oW, C, kH, kW], so the 2D view is free)
 *           Z    = W2d · colsᵀ + b        [F, R]   (stored [F, N, oH, oW]; the NCHW result is a permuted view)
 * backward  δ    = act'(Z) ⊙ dL/dY        [F, R]
 *           dW   = δ · cols               [F, K]   written straight into the network's gradient view
 *           db   = Σ_R δ                  [F]
 *           dX   = col2im(δᵀ · W2d)       [N, C, H, W]
 * </pre>
 *
 * Like DL4J's own layer, backprop recomputes the forward pass rather than keep the im2col matrix alive between
 * passes: memory stays at about two im2col matrices per layer, the same as the built-in's.
 */
public class CustomConvolutionLayer extends BaseLayer<CustomConvolution> {

  public CustomConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Type type() {
    return Type.CONVOLUTIONAL;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public boolean hasBias() {
    return layerConf().hasBias();
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    applyDropOutIfNecessary(training, workspaceMgr);
    Forward forward = forward(training, workspaceMgr, ArrayType.FF_WORKING_MEM, ArrayType.ACTIVATIONS);
    return layerConf().getActivationFn().getActivation(forward.preOutput(), training);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    Forward forward = forward(true, workspaceMgr, ArrayType.BP_WORKING_MEM, ArrayType.BP_WORKING_MEM);
    INDArray weights = getParamWithNoise(CustomConvolutionParams.WEIGHT_KEY, true, workspaceMgr);
    long filters = weights.size(0);
    long positions = forward.cols().size(0);

    INDArray delta = layerConf().getActivationFn()
        .backprop(forward.preOutput(), epsilon.castTo(dataType)).getFirst();   // [N, F, oH, oW]
    INDArray delta2d = delta.permute(1, 0, 2, 3).reshape('c', filters, positions); // [F, R]

    Gradient gradient = new DefaultGradient();
    INDArray weightGrad = gradientViews.get(CustomConvolutionParams.WEIGHT_KEY);     // [F, C, kH, kW], 'c'
    Nd4j.gemm(delta2d, forward.cols(), weightGrad.reshape('c', filters, forward.cols().size(1)),
        false, false, 1.0, 0.0);
    if (hasBias()) {
      INDArray biasGrad = gradientViews.get(CustomConvolutionParams.BIAS_KEY);
      delta2d.sum(biasGrad, 1);
      gradient.setGradientFor(CustomConvolutionParams.BIAS_KEY, biasGrad);
    }
    gradient.setGradientFor(CustomConvolutionParams.WEIGHT_KEY, weightGrad, 'c');

    INDArray colGrad = workspaceMgr.createUninitialized(
        ArrayType.BP_WORKING_MEM, dataType, forward.colShape(), 'c');           // [N, oH, oW, C, kH, kW]
    Nd4j.gemm(delta2d, weights2d(weights), colGrad.reshape('c', positions, forward.cols().size(1)),
        true, false, 1.0, 0.0);
    INDArray input = forward.input();
    INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
    ConvGeometry g = layerConf().geometry();
    Convolution.col2im(colGrad.permute(0, 3, 4, 5, 1, 2), inputGrad, g.strideH(), g.strideW(), g.padH(),
        g.padW(), (int) input.size(2), (int) input.size(3), 1, 1);

    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(inputGrad));
  }

  /**
   * The pre-activation output and the im2col matrix it came from.
   *
   * @param cols [R, K] view of an array shaped {@link #colShape()}
   * @param preOutput [N, F, oH, oW], a permuted view of an [F, N, oH, oW] array
   */
  private record Forward(INDArray input, INDArray cols, long[] colShape, INDArray preOutput) {}

  private Forward forward(boolean training, LayerWorkspaceMgr workspaceMgr, ArrayType working, ArrayType output) {
    INDArray input = this.input.castTo(dataType);
    INDArray weights = getParamWithNoise(CustomConvolutionParams.WEIGHT_KEY, training, workspaceMgr);
    requireInput(input, weights.size(1));
    ConvGeometry g = layerConf().geometry();
    long n = input.size(0);
    long channels = input.size(1);
    int outH = g.outH(input.size(2));
    int outW = g.outW(input.size(3));
    long filters = weights.size(0);
    long positions = n * outH * outW;

    long[] colShape = {n, outH, outW, channels, g.kernelH(), g.kernelW()};
    INDArray col = workspaceMgr.createUninitialized(working, dataType, colShape, 'c');
    Convolution.im2col(input, g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), 1, 1,
        false, col.permute(0, 3, 4, 5, 1, 2));
    INDArray cols = col.reshape('c', positions, channels * g.kernelH() * g.kernelW());

    INDArray z = workspaceMgr.createUninitialized(output, dataType, new long[] {filters, n, outH, outW}, 'c');
    INDArray z2d = z.reshape('c', filters, positions);
    Nd4j.gemm(weights2d(weights), cols, z2d, false, true, 1.0, 0.0);
    if (hasBias()) {
      INDArray bias = getParamWithNoise(CustomConvolutionParams.BIAS_KEY, training, workspaceMgr);
      z2d.addiColumnVector(bias.reshape(filters, 1));
    }
    return new Forward(input, cols, colShape, z.permute(1, 0, 2, 3));
  }

  /** W [F, C, kH, kW] as the [F, K] matrix it is in memory. */
  private static INDArray weights2d(INDArray weights) {
    return weights.reshape('c', weights.size(0), weights.length() / weights.size(0));
  }

  private void requireInput(INDArray input, long channels) {
    if (input.rank() != 4 || input.size(1) != channels) {
      throw new ND4JIllegalStateException("CustomConvolution " + layerId() + " expects NCHW input with "
          + channels + " channels, got shape " + Arrays.toString(input.shape()));
    }
  }
}
