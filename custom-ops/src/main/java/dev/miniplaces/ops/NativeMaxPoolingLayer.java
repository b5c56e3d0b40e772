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

/** The runtime of {@link NativeMaxPooling}: libnd4j's {@code maxpool2d} and {@code maxpool2d_bp}, platform helpers off. */
public class NativeMaxPoolingLayer extends SubsamplingLayer {

  public NativeMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray input = this.input.castTo(dataType);
    if (input.rank() != 4) {
      throw new DL4JInvalidInputException("NativeMaxPooling " + layerId() + " expects NCHW input, got shape "
          + Arrays.toString(input.shape()));
    }
    DynamicCustomOp op = DynamicCustomOp.builder("maxpool2d").addInputs(input).addIntegerArguments(args()).build();
    long[] shape = op.calculateOutputShape().get(0).getShape();
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
    execWithoutHelpers(op, new INDArray[] {input}, output);
    return output;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray input = this.input.castTo(dataType);
    INDArray gradOut = epsilon.castTo(dataType);
    INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
    DynamicCustomOp op = DynamicCustomOp.builder("maxpool2d_bp").addInputs(input, gradOut)
        .addIntegerArguments(args()).build();
    execWithoutHelpers(op, new INDArray[] {input, gradOut}, gradIn);
    return new Pair<>(new DefaultGradient(), gradIn);
  }

  /** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0), extra (0), data format (0 = NCHW). */
  private int[] args() {
    int[] k = layerConf().getKernelSize();
    int[] s = layerConf().getStride();
    int[] p = layerConf().getPadding();
    int[] d = layerConf().getDilation();
    return new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], 0, 0, 0};
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
