package dev.miniplaces.zoo;

import dev.miniplaces.ops.Engine;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network of the zoo, chosen by name. Every model takes NCHW RGB input named {@value #INPUT} and ends in a
 * softmax output layer {@value #OUTPUT} trained with cross-entropy.
 */
public interface ZooModel {
  String INPUT = "input";
  String OUTPUT = "fc";

  /** The name users give on the command line: {@code --model simplenet}. */
  String name();

  /** One line for listings. */
  String description();

  ComputationGraphConfiguration configuration(ModelSpec spec);

  /**
   * The initialised network, on oneDNN where ND4J's build has it ({@link Engine}); models that mimic PyTorch's
   * initialisation override this to finish it.
   */
  default ComputationGraph build(ModelSpec spec) {
    Engine.enableLayerHelpers();
    ComputationGraph graph = new ComputationGraph(configuration(spec));
    graph.init();
    return graph;
  }
}
