package dev.miniplaces.zoo;

import dev.miniplaces.ops.Engine;
import java.util.function.Consumer;
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

  /** The initialised network, on oneDNN where ND4J's build has it ({@link Engine}). */
  default ComputationGraph build(ModelSpec spec) {
    return build(spec, configuration -> {});
  }

  /**
   * The initialised network, its configuration first adjusted by {@code setUp} (a training recipe's updater and
   * regularisation: they must be in place before {@code init()} creates the updater).
   */
  default ComputationGraph build(ModelSpec spec, Consumer<ComputationGraphConfiguration> setUp) {
    Engine.enableLayerHelpers();
    ComputationGraphConfiguration configuration = configuration(spec);
    setUp.accept(configuration);
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    initialise(graph, spec);
    return graph;
  }

  /** Finishes the initialisation where DL4J's configuration cannot express it (PyTorch's bias init). */
  default void initialise(ComputationGraph graph, ModelSpec spec) {}
}
