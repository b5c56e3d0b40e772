package dev.miniplaces.gradients;

import dev.miniplaces.ops.ChannelAffine;
import dev.miniplaces.ops.ChannelAffineParams;
import dev.miniplaces.ops.GradientTap;
import dev.miniplaces.ops.GradientTapLayer;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A copy of a classifier for gradients with respect to its input, the model in inference mode: each batch norm
 * becomes the per-channel affine map it computes with its running statistics ({@link ChannelAffine}), dropout is
 * gone, and a {@link GradientTap} right after the input keeps the input's gradient. One {@link #pass} costs one
 * forward and one backward pass, runs in DL4J's workspaces as training does (no allocation once they have grown),
 * and gives the saliency map's and every PGD step's gradient for the model users evaluate.
 *
 * <p>Not for concurrent use; {@link #copyParametersFrom} follows a model whose weights change (adversarial
 * training).
 */
public final class InputGradientGraph extends ComputationGraph {
  private static final String TAP = "input-gradient-tap";

  /**
   * @param probabilities [N, classes] the model's output
   * @param inputGradient [N, C, H, W] ∂ CE(pᵢ(x), yᵢ) / ∂ xᵢ for every example i (not averaged over the batch)
   */
  public record Pass(INDArray probabilities, INDArray inputGradient) {}

  private final String outputName;

  private InputGradientGraph(ComputationGraphConfiguration configuration) {
    super(configuration);
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
    configuration.setTrainingWorkspaceMode(WorkspaceMode.ENABLED);
    configuration.setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
    for (Map.Entry<String, GraphVertex> vertex : configuration.getVertices().entrySet()) {
      if (vertex.getValue() instanceof LayerVertex layerVertex) {
        toInferenceLayer(vertex.getKey(), layerVertex);
      }
    }
    insertTap(configuration);
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

  /** Feeds the network input through a {@link GradientTap} on its way to every vertex that reads it. */
  private static void insertTap(ComputationGraphConfiguration configuration) {
    String input = configuration.getNetworkInputs().get(0);
    if (configuration.getVertices().containsKey(TAP)) {
      throw new IllegalArgumentException("The model already has a vertex named " + TAP);
    }
    configuration.getVertexInputs().replaceAll((vertex, inputs) -> inputs.stream()
        .map(name -> name.equals(input) ? TAP : name).toList());
    // The network-wide layer settings (data type, cache mode...), as any of its layers has them.
    LayerVertex template = configuration.getVertices().values().stream()
        .filter(LayerVertex.class::isInstance).map(LayerVertex.class::cast).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("The model has no layers"));
    NeuralNetConfiguration tapConfiguration = template.getLayerConf().clone();
    tapConfiguration.clearVariables();
    tapConfiguration.setLayer(new GradientTap(TAP));
    configuration.getVertices().put(TAP, new LayerVertex(tapConfiguration, null));
    configuration.getVertexInputs().put(TAP, List.of(input));
    configuration.setTopologicalOrder(null); // the cached order lacks the tap
    configuration.setTopologicalOrderStr(null);
  }

  /** Takes {@code model}'s current parameters; {@code model} has the structure this graph was made from. */
  public void copyParametersFrom(ComputationGraph model) {
    for (Layer target : getLayers()) {
      String name = target.conf().getLayer().getLayerName();
      if (name.equals(TAP)) {
        continue;
      }
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

  /** Class probabilities for {@code features} [N, C, H, W], in inference mode; the array is the caller's. */
  public INDArray forward(INDArray features) {
    return output(false, features)[0];
  }

  /**
   * One forward and one backward pass over {@code features} [N, C, H, W]: the class probabilities, and the
   * gradient of the cross-entropy against the labels that {@code labelsFor} gives for those probabilities (one-hot
   * or soft, [N, classes]: the predicted class for a saliency map, a fixed target for an attack). Both arrays are
   * the caller's; so is whatever {@code labelsFor} allocates.
   */
  public Pass pass(INDArray features, UnaryOperator<INDArray> labelsFor) {
    LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.builder()
        .with(ArrayType.ACTIVATIONS, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
        .with(ArrayType.INPUT, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
        .with(ArrayType.FF_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
        .with(ArrayType.BP_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
        .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
        .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
        .build();
    workspaces.setHelperWorkspacePointers(helperWorkspaces);
    try (MemoryWorkspace activations = workspaces.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
      INDArray probabilities = ffToLayerActivationsInWS(true, -1, null, FwdPassType.STANDARD, false,
          new INDArray[] {features}, null, null, false).get(outputName).detach();
      INDArray labels;
      try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        labels = labelsFor.apply(probabilities);
      }
      setLabels(labels);
      calcBackpropGradients(false, false);
      return new Pass(probabilities, ((GradientTapLayer) getLayer(TAP)).tapped());
    } finally {
      clearLayersStates();
    }
  }
}
