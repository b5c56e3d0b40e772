package dev.miniplaces.zoo;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What DL4J's configuration cannot say about PyTorch's default initialisation: biases drawn uniformly in
 * ±1/sqrt(fan_in) (DL4J's bias init is a constant). Weights need no help: {@code WeightInit.UNIFORM} is already
 * PyTorch's Kaiming-uniform with a=sqrt(5).
 */
final class PyTorchInit {
  private PyTorchInit() {}

  /** Every layer with weights {@code W} and bias {@code b}: b ~ U(±1/sqrt(fan_in)), fan_in = |W| / |b|. */
  static void uniformBiases(ComputationGraph graph, long seed) {
    Nd4j.getRandom().setSeed(seed);
    for (Layer layer : graph.getLayers()) {
      Map<String, INDArray> params = layer.paramTable();
      INDArray weights = params.get("W");
      INDArray bias = params.get("b");
      if (weights != null && bias != null) {
        double bound = 1.0 / Math.sqrt((double) weights.length() / bias.length());
        bias.assign(Nd4j.rand(bias.dataType(), bias.shape()).muli(2 * bound).subi(bound));
      }
    }
  }
}
