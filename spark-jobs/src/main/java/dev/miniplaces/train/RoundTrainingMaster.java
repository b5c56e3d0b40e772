package dev.miniplaces.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * dl4j-spark's parameter averaging, fed one averaging round per {@code fit} call by {@link TrainingBatches}.
 *
 * <p>The stock master, given a whole epoch, first counts it (a full pass of decoding and augmentation), caches
 * it (an epoch of augmented 128×128 floats is 20 GB for MiniPlaces), splits it at random into rounds (one
 * filtered pass over the cache per round) and by default repartitions every split (a shuffle of float tensors).
 * Here each round arrives already cut: one partition per worker holding exactly its mini-batches, built from the
 * round's encoded images only. So the count is known, the split is the identity, nothing is cached or
 * repartitioned ({@link Repartition#Never}), and the data goes straight to the workers
 * ({@link RDDTrainingApproach#Direct}: no export of augmented batches to disk, which would be rewritten every
 * epoch since augmentation changes them). Its workers continue the driver's step count
 * ({@link ScheduledTrainingWorker}), which the stock workers lose.
 */
final class RoundTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;

  RoundTrainingMaster(int workers, int batchSizePerWorker, int averagingFrequency, int prefetchBatches, long seed,
      List<TrainingHook> hooks) {
    super(new Builder(workers, batchSizePerWorker)
        .batchSizePerWorker(batchSizePerWorker)
        .averagingFrequency(averagingFrequency)
        // Momentum buffers are averaged with the parameters: without them each round would restart momentum.
        .saveUpdater(true)
        .workerPrefetchNumBatches(prefetchBatches)
        .repartionData(Repartition.Never)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(null)
        .rngSeed(seed)
        .trainingHooks(hooks));
  }

  /**
   * Batches a worker holds at once: the one it fits, a remainder that dl4j-spark's re-batching keeps when a
   * batch lost an undecodable image, and the prefetch queue (with the one its thread is filling).
   */
  static int batchesHeldByWorker(int prefetchBatches) {
    return 2 + (prefetchBatches > 0 ? prefetchBatches + 1 : 0);
  }

  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
    return 0; // only used to size random splits, which a prepared round does not need
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
      int examplesPerDataSetObject) {
    return new JavaRDD[] {trainingData};
  }

  /**
   * The stock worker instance (the same broadcast and configuration; dl4j-spark's optional timing statistics
   * left out), but one that keeps the schedule's place.
   */
  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
    ComputationGraph network = graph.getNetwork();
    NetBroadcastTuple tuple = new NetBroadcastTuple(network.getConfiguration(), network.params(),
        network.getUpdater().getStateViewArray());
    Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
    WorkerConfiguration configuration = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
        averagingFrequency, prefetchNumBatches, collectTrainingStats);
    return new ScheduledTrainingWorker(broadcast, saveUpdater, configuration, trainingHookList, listeners,
        getRouterProvider(), network.getConfiguration());
  }
}
