package dev.miniplaces.train;

import dev.miniplaces.spark.TaskGpu;
import java.util.Collection;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * dl4j-spark's parameter-averaging worker, with the network's step and epoch counters carried over from the
 * driver. The stock worker builds its network from {@code ComputationGraphConfiguration.clone()}, which drops both
 * counters (DL4J 1.0.0-M2.1), so every round's network would start the learning-rate and weight-decay schedules
 * at step 0: a warm-up that never ends, a cosine that never decays.
 */
final class ScheduledTrainingWorker extends ParameterAveragingTrainingWorker {
  private static final long serialVersionUID = 1L;

  private final int iteration;
  private final int epoch;

  ScheduledTrainingWorker(Broadcast<NetBroadcastTuple> network, boolean saveUpdater,
      WorkerConfiguration configuration, Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
      StatsStorageRouterProvider routerProvider, ComputationGraphConfiguration driverConfiguration) {
    super(network, saveUpdater, configuration, hooks, listeners, routerProvider);
    this.iteration = driverConfiguration.getIterationCount();
    this.epoch = driverConfiguration.getEpochCount();
  }

  @Override
  public ComputationGraph getInitialModelGraph() {
    TaskGpu.bindThisTask(); // before the broadcast parameters are copied into this task's network
    ComputationGraph network = super.getInitialModelGraph();
    network.getConfiguration().setIterationCount(iteration);
    network.getConfiguration().setEpochCount(epoch);
    return network;
  }
}
