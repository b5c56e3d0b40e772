package dev.miniplaces.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link CustomConvolution}, laid out exactly as DL4J lays out its built-in convolution's: the bias
 * {@code b} [nOut] first, then the weights {@code W} [nOut, nIn, kH, kW] in 'c' order (PyTorch's layout too). A
 * network's flat parameter vector therefore moves unchanged between the custom and the built-in layer.
 */
public final class CustomConvolutionParams implements ParamInitializer {
  public static final String WEIGHT_KEY = "W";
  public static final String BIAS_KEY = "b";

  private static final CustomConvolutionParams INSTANCE = new CustomConvolutionParams();

  public static CustomConvolutionParams getInstance() {
    return INSTANCE;
  }

  private static CustomConvolution conf(Layer layer) {
    return (CustomConvolution) layer;
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    CustomConvolution c = conf(layer);
    return weightCount(c) + (c.hasBias() ? c.getNOut() : 0);
  }

  private static long weightCount(CustomConvolution c) {
    return c.getNOut() * c.getNIn() * c.getKernelSize()[0] * c.getKernelSize()[1];
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return conf(layer).hasBias() ? List.of(WEIGHT_KEY, BIAS_KEY) : List.of(WEIGHT_KEY);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return Collections.singletonList(WEIGHT_KEY);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return conf(layer).hasBias() ? List.of(BIAS_KEY) : List.of();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return WEIGHT_KEY.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIAS_KEY.equals(key);
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    CustomConvolution c = conf(conf.getLayer());
    Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
    Map<String, INDArray> views = split(c, paramsView);
    if (c.hasBias()) {
      INDArray bias = views.get(BIAS_KEY);
      if (initializeParams) {
        bias.assign(c.getBiasInit());
      }
      params.put(BIAS_KEY, bias);
      conf.addVariable(BIAS_KEY);
    }
    INDArray weights = views.get(WEIGHT_KEY);
    if (initializeParams) {
      int[] k = c.getKernelSize();
      int[] s = c.getStride();
      double fanIn = (double) c.getNIn() * k[0] * k[1];
      double fanOut = (double) c.getNOut() * k[0] * k[1] / ((double) s[0] * s[1]);
      weights = c.getWeightInitFn().init(fanIn, fanOut, weights.shape(), 'c', weights);
    }
    params.put(WEIGHT_KEY, weights);
    conf.addVariable(WEIGHT_KEY);
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
    return split(conf(conf.getLayer()), gradientView);
  }

  /** Views of a flat parameter (or gradient) vector: {@code b} [nOut], then {@code W} [nOut, nIn, kH, kW]. */
  private Map<String, INDArray> split(CustomConvolution c, INDArray flat) {
    INDArray vector = flat.reshape(flat.length());
    long nOut = c.getNOut();
    long biasLength = c.hasBias() ? nOut : 0;
    Map<String, INDArray> views = new LinkedHashMap<>();
    if (c.hasBias()) {
      views.put(BIAS_KEY, vector.get(NDArrayIndex.interval(0, nOut)));
    }
    INDArray weights = vector.get(NDArrayIndex.interval(biasLength, biasLength + weightCount(c)));
    long[] shape = {nOut, c.getNIn(), c.getKernelSize()[0], c.getKernelSize()[1]};
    views.put(WEIGHT_KEY, WeightInitUtil.reshapeWeights(shape, weights, 'c'));
    return views;
  }
}
