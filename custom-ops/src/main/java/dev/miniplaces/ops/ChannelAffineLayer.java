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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.exception.ND4JIllegalStateException;
import org.nd4j.linalg.factory.Nd4j;

/** The runtime of {@link ChannelAffine}: the same in training and inference, with no state between passes. */
public class ChannelAffineLayer extends BaseLayer<ChannelAffine> {

  public ChannelAffineLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Type type() {
    return Type.NORMALIZATION;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public boolean hasBias() {
    return true;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray x = checked(input.castTo(dataType));
    INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
    Nd4j.getExecutioner().exec(new BroadcastMulOp(x, getParam(ChannelAffineParams.SCALE), y, 1));
    Nd4j.getExecutioner().exec(new BroadcastAddOp(y, getParam(ChannelAffineParams.SHIFT), y, 1));
    return y;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray x = checked(input.castTo(dataType));
    INDArray eps = epsilon.castTo(dataType);
    int[] nonChannel = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};

    INDArray scaleGrad = gradientViews.get(ChannelAffineParams.SCALE);
    INDArray shiftGrad = gradientViews.get(ChannelAffineParams.SHIFT);
    eps.mul(x).sum(scaleGrad, nonChannel);
    eps.sum(shiftGrad, nonChannel);
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(ChannelAffineParams.SCALE, scaleGrad);
    gradient.setGradientFor(ChannelAffineParams.SHIFT, shiftGrad);

    INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
    Nd4j.getExecutioner().exec(new BroadcastMulOp(eps, getParam(ChannelAffineParams.SCALE), inputGrad, 1));
    return new Pair<>(gradient, inputGrad);
  }

  private INDArray checked(INDArray x) {
    long channels = layerConf().getNOut();
    if ((x.rank() != 2 && x.rank() != 4) || x.size(1) != channels) {
      throw new ND4JIllegalStateException("ChannelAffine " + layerId() + " expects [N, " + channels + "] or [N, "
          + channels + ", H, W] input, got shape " + Arrays.toString(x.shape()));
    }
    return x;
  }
}
