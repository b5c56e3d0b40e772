package dev.miniplaces.train;

import dev.miniplaces.train.EpochOrder.RoundShape;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;

/**
 * Epochs of dl4j-spark parameter averaging over a cached split: each epoch's order is drawn on the driver and
 * broadcast, and each averaging round is one {@code fit} of the round's batches ({@link RoundTrainingMaster}).
 * The driver's network holds the averaged parameters and momentum after every round.
 */
public final class ParameterAveragingTrainer {
  private final JavaSparkContext sc;
  private final ComputationGraph model;
  private final SparkComputationGraph sparkModel;
  private final TrainingBatches batches;
  private final RoundShape shape;
  private final long seed;
  private final TrainingStatistics statistics;
  private final LongAccumulator undecodable;

  /** Called on the driver after every round, with the steps taken so far in the run. */
  public interface RoundListener {
    void roundDone(EpochOrder order, int round, long iteration);
  }

  /** @param adversarial adversarial training, or null */
  public ParameterAveragingTrainer(JavaSparkContext sc, ComputationGraph model, TrainingBatches batches,
      RoundShape shape, int prefetchBatches, long seed, AdversarialTraining adversarial) {
    this.sc = sc;
    this.model = model;
    this.batches = batches;
    this.shape = shape;
    this.seed = seed;
    RoundTrainingMaster master = new RoundTrainingMaster(shape.workers(), shape.batchSizePerWorker(),
        shape.averagingFrequency(), prefetchBatches, seed,
        adversarial == null ? List.of() : List.of(new AdversarialBatches(adversarial, seed)));
    this.statistics = new TrainingStatistics(sc.sc());
    master.setListeners(List.of(statistics));
    this.sparkModel = new SparkComputationGraph(sc, model, master);
    this.undecodable = sc.sc().longAccumulator("undecodable images");
  }

  /** Trains epoch {@code epoch} (0-based) from step {@code iteration}; returns the steps taken after it. */
  public long trainEpoch(JavaRDD<LabelledImage> images, long[] ids, int epoch, long iteration,
      RoundListener listener) {
    EpochOrder order = EpochOrder.draw(ids, shape, seed, epoch);
    Broadcast<EpochOrder> broadcast = sc.broadcast(order);
    try {
      TrainingBatches.Epoch rounds = batches.epoch(images, broadcast, epoch, undecodable);
      for (int round = 0; round < order.rounds(); round++) {
        // Names the round's Spark jobs in the UI, the event log and listeners.
        sc.setJobDescription(roundDescription(epoch, round, order.rounds()));
        sparkModel.fit(rounds.round(round));
        iteration += order.iterationsIn(round);
        // dl4j-spark adds averagingFrequency steps per round; the schedule needs the steps really taken.
        model.getConfiguration().setIterationCount(Math.toIntExact(iteration));
        model.getConfiguration().setEpochCount(epoch);
        listener.roundDone(order, round, iteration);
      }
    } finally {
      sc.setJobDescription(null);
      broadcast.destroy();
    }
    return iteration;
  }

  /** The description of round {@code round} (0-based) of epoch {@code epoch} (0-based): "train epoch 1 round 2/6". */
  public static String roundDescription(int epoch, int round, int rounds) {
    return "train epoch " + (epoch + 1) + " round " + (round + 1) + "/" + rounds;
  }

  public TrainingStatistics statistics() {
    return statistics;
  }

  /** Images skipped because they no longer decode. */
  public long undecodable() {
    return undecodable.value();
  }
}
