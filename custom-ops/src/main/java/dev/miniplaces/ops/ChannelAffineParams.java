package dev.miniplaces.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Parameters of {@link ChannelAffine}: {@code scale} [C] (initially 1), then {@code shift} [C] (initially 0). */
public final class ChannelAffineParams implements ParamInitializer {
  public static final String SCALE = "scale";
  public static final String SHIFT = "shift";

  private static final ChannelAffineParams INSTANCE = new ChannelAffineParams();

  public static ChannelAffineParams getInstance() {
    return INSTANCE;
  }

  private static long channels(Layer layer) {
    return ((FeedForwardLayer) layer).getNOut();
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    return 2 * channels(layer);
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return List.of(SCALE, SHIFT);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(SCALE);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of(SHIFT);
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return SCALE.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return SHIFT.equals(key);
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Map<String, INDArray> views = split(conf.getLayer(), paramsView);
    if (initializeParams) {
      views.get(SCALE).assign(1);
      views.get(SHIFT).assign(0);
    }
    conf.addVariable(SCALE);
    conf.addVariable(SHIFT);
    return Collections.synchronizedMap(views);
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
    return split(conf.getLayer(), gradientView);
  }

  private static Map<String, INDArray> split(Layer layer, INDArray flat) {
    INDArray vector = flat.reshape(flat.length());
    long c = channels(layer);
    Map<String, INDArray> views = new LinkedHashMap<>();
    views.put(SCALE, vector.get(NDArrayIndex.interval(0, c)));
    views.put(SHIFT, vector.get(NDArrayIndex.interval(c, 2 * c)));
    return views;
  }
}
