package dev.miniplaces.ops;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime of {@link FastMaxPooling}: libnd4j's {@code maxpool2d} forward (platform helpers off), and a
 * backward pass that finds each window's maximum by matching the forward pass's output ({@link MaxPoolGradient}).
 * Falls back to libnd4j's {@code maxpool2d_bp} for other data types, or when it has no matching forward output.
 * Without host kernels (a GPU backend) it is DL4J's {@code SubsamplingLayer} as it is.
 */
public class FastMaxPoolingLayer extends SubsamplingLayer {
  // The last training forward pass: its input (compared by identity) and output, read by the backward pass.
  private INDArray forwardInput;
  private INDArray forwardOutput;

  private final boolean hostKernels;

  /** @param hostKernels whether this backend may run the CPU kernels ({@link Backend#hostKernels}) */
  public FastMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType, boolean hostKernels) {
    super(conf, dataType);
    this.hostKernels = hostKernels;
  }

  /** Whether this layer runs the CPU kernels, or DL4J's own path. */
  public boolean hostKernels() {
    return hostKernels;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!hostKernels) {
      return super.activate(training, workspaceMgr);
    }
    assertInputSet(false);
    INDArray input = this.input.castTo(dataType);
    if (input.rank() != 4) {
      throw new DL4JInvalidInputException("FastMaxPooling " + layerId() + " expects NCHW input, got shape "
          + Arrays.toString(input.shape()));
    }
    DynamicCustomOp op = DynamicCustomOp.builder("maxpool2d").addInputs(input).addIntegerArguments(args()).build();
    long[] shape = op.calculateOutputShape().get(0).getShape();
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
    execWithoutHelpers(op, new INDArray[] {input}, output);
    forwardInput = training ? this.input : null;
    forwardOutput = training ? output : null;
    return output;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!hostKernels) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    INDArray input = this.input.castTo(dataType);
    INDArray gradOut = epsilon.castTo(dataType);
    INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
    if (canRouteFromForwardOutput(input, gradOut)
        && MaxPoolGradient.route(input, forwardOutput, gradOut, gradIn, geometry())) {
      return new Pair<>(new DefaultGradient(), gradIn);
    }
    DynamicCustomOp op = DynamicCustomOp.builder("maxpool2d_bp").addInputs(input, gradOut)
        .addIntegerArguments(args()).build();
    execWithoutHelpers(op, new INDArray[] {input, gradOut}, gradIn);
    return new Pair<>(new DefaultGradient(), gradIn);
  }

  /** Needs this layer's last training forward pass, on this very input; float32; no dilation. */
  private boolean canRouteFromForwardOutput(INDArray input, INDArray gradOut) {
    return forwardInput == this.input && forwardOutput != null
        && Arrays.equals(layerConf().getDilation(), new int[] {1, 1})
        && MaxPoolGradient.supports(input, forwardOutput, gradOut);
  }

  @Override
  public void clear() {
    super.clear();
    forwardInput = null;
    forwardOutput = null;
  }

  private ConvGeometry geometry() {
    int[] k = layerConf().getKernelSize();
    int[] s = layerConf().getStride();
    int[] p = layerConf().getPadding();
    return new ConvGeometry(k[0], k[1], s[0], s[1], p[0], p[1]);
  }

  /** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0), extra (0), data format (0 = NCHW). */
  private int[] args() {
    ConvGeometry g = geometry();
    int[] d = layerConf().getDilation();
    return new int[] {g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), d[0], d[1], 0, 0, 0};
  }

  private static void execWithoutHelpers(DynamicCustomOp op, INDArray[] inputs, INDArray output) {
    try (OpContext context = Nd4j.getExecutioner().buildContext()) {
      context.setInputArrays(inputs);
      context.setOutputArrays(output);
      context.setIArguments(op.iArgs());
      context.allowHelpers(false);
      Nd4j.exec(op, context);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Closing an op context failed", e);
    }
  }
}
