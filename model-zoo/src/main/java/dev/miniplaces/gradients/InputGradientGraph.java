package dev.miniplaces.gradients;

import dev.miniplaces.ops.ChannelAffine;
import dev.miniplaces.ops.ChannelAffineParams;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A copy of a classifier for gradients with respect to its input, the model in inference mode: each batch norm
 * becomes the per-channel affine map it computes with its running statistics ({@link ChannelAffine}), dropout is
 * gone, and a forward pass keeps what the backward pass needs. So one {@link #forward} and one
 * {@link #inputGradient} cost one forward and one backward pass, the saliency map and every PGD step's gradient
 * are those of the model users evaluate, and nothing is remembered from one pass to the next.
 *
 * <p>Workspaces are off: DL4J scopes the input's gradient to a workspace that closes before backprop returns.
 * Not for concurrent use; {@link #copyParametersFrom} follows a model whose weights change (adversarial training).
 */
public final class InputGradientGraph extends ComputationGraph {
  private final String inputName;
  private final String outputName;

  private InputGradientGraph(ComputationGraphConfiguration configuration) {
    super(configuration);
    this.inputName = configuration.getNetworkInputs().get(0);
    this.outputName = configuration.getNetworkOutputs().get(0);
  }

  /** The inference-mode copy of {@code model}, a classifier with one input and one softmax output. */
  public static InputGradientGraph of(ComputationGraph model) {
    ComputationGraphConfiguration source = model.getConfiguration();
    if (source.getNetworkInputs().size() != 1 || source.getNetworkOutputs().size() != 1) {
      throw new IllegalArgumentException("Input gradients need a model with one input and one output, got inputs "
          + source.getNetworkInputs() + " and outputs " + source.getNetworkOutputs());
    }
    ComputationGraphConfiguration configuration = ComputationGraphConfiguration.fromJson(source.toJson());
    configuration.setTrainingWorkspaceMode(WorkspaceMode.NONE);
    configuration.setInferenceWorkspaceMode(WorkspaceMode.NONE);
    for (Map.Entry<String, GraphVertex> vertex : configuration.getVertices().entrySet()) {
      if (vertex.getValue() instanceof LayerVertex layerVertex) {
        toInferenceLayer(vertex.getKey(), layerVertex);
      }
    }
    InputGradientGraph graph = new InputGradientGraph(configuration);
    graph.init();
    graph.copyParametersFrom(model);
    return graph;
  }

  private static void toInferenceLayer(String name, LayerVertex vertex) {
    org.deeplearning4j.nn.conf.layers.Layer layer = vertex.getLayerConf().getLayer();
    if (layer instanceof BatchNormalization bn) {
      if (bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
        throw new IllegalArgumentException("Batch norm '" + name + "' is " + bn.getCnn2DFormat()
            + "; input gradients support NCHW models");
      }
      vertex.getLayerConf().clearVariables();
      vertex.getLayerConf().setLayer(new ChannelAffine(name, bn.getNOut()));
    } else {
      layer.setIDropout(null);
      if (layer instanceof BaseLayer base) {
        base.setWeightNoise(null);
      }
    }
  }

  /** Takes {@code model}'s current parameters; {@code model} has the structure this graph was made from. */
  public void copyParametersFrom(ComputationGraph model) {
    for (Layer target : getLayers()) {
      String name = target.conf().getLayer().getLayerName();
      Layer source = model.getLayer(name);
      if (source.conf().getLayer() instanceof BatchNormalization bn) {
        copyBatchNorm(bn, source, target);
      } else {
        for (Map.Entry<String, INDArray> param : source.paramTable().entrySet()) {
          target.getParam(param.getKey()).assign(param.getValue());
        }
      }
    }
  }

  /** scale = γ / √(σ² + ε), shift = β − μ · scale. */
  private static void copyBatchNorm(BatchNormalization bn, Layer source, Layer target) {
    long channels = bn.getNOut();
    INDArray mean = source.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(channels);
    DataType type = mean.dataType();
    INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {channels}, bn.getGamma(), type)
        : source.getParam(BatchNormalizationParamInitializer.GAMMA).reshape(channels);
    INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {channels}, bn.getBeta(), type)
        : source.getParam(BatchNormalizationParamInitializer.BETA).reshape(channels);
    INDArray variance;
    if (bn.isUseLogStd()) {
      INDArray log10Std = source.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(channels);
      INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, type), log10Std, false);
      variance = std.muli(std);
    } else {
      variance = source.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(channels);
    }
    INDArray scale = gamma.div(Transforms.sqrt(variance.add(bn.getEps()), false));
    INDArray shift = beta.sub(mean.mul(scale));
    target.getParam(ChannelAffineParams.SCALE).assign(scale);
    target.getParam(ChannelAffineParams.SHIFT).assign(shift);
  }

  /**
   * Class probabilities for {@code features} [N, C, H, W] in inference mode; the pass stays in place for
   * {@link #inputGradient}.
   */
  public INDArray forward(INDArray features) {
    return feedForward(new INDArray[] {features}, true, false).get(outputName).dup();
  }

  /**
   * For the last {@link #forward} input x: ∂ CE(pᵢ(x), yᵢ) / ∂ xᵢ for every example i of the batch (not averaged
   * over it), given one-hot (or soft) {@code labels} y [N, classes]. The gradient is the caller's to keep.
   */
  public INDArray inputGradient(INDArray labels) {
    setLabels(labels);
    calcBackpropGradients(false, false);
    INDArray gradient = getVertex(inputName).getEpsilon();
    clearLayersStates();
    return gradient;
  }
}
