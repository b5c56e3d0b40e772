package dev.miniplaces.predict;

import dev.miniplaces.spark.TaskGpu;
import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network as it travels to executors: its configuration as JSON (custom layers included) and its parameters.
 * Each task rebuilds its own copy, since a network's forward pass keeps state and is not for concurrent use.
 */
public final class ModelBroadcast implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String configuration;
  private final INDArray parameters;

  public ModelBroadcast(ComputationGraph graph) {
    this.configuration = graph.getConfiguration().toJson();
    this.parameters = graph.params().dup();
  }

  /** This task's copy, on the task's GPU when ND4J runs on CUDA ({@link TaskGpu}). */
  public ComputationGraph rebuild() {
    TaskGpu.bindThisTask();
    ComputationGraph graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
    graph.init(parameters.dup(), false);
    return graph;
  }
}
