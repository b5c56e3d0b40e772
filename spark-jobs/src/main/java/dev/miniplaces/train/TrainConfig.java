package dev.miniplaces.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniplaces.InvalidInputException;
import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.recipe.Optimizer;
import dev.miniplaces.recipe.TrainingRecipe;
import dev.miniplaces.train.EpochOrder.RoundShape;

/**
 * Everything a training run is made of; saved with every checkpoint so that {@code --resume} continues the very
 * same run.
 *
 * @param data ingested dataset folder (any Hadoop URI)
 * @param model zoo model name
 * @param epochs epochs in all, warm-up included
 * @param batchSize global batch: every step averages over this many images (the reference's 256)
 * @param workers models trained side by side, one per Spark task; divides {@code batchSize}
 * @param averagingFrequency steps each worker takes between parameter averagings
 * @param learningRate base rate for a global batch of {@value #REFERENCE_BATCH}, scaled to {@code batchSize} by
 *     the optimizer's rule (the reference: SGD at 0.1 for 256, scaled linearly)
 * @param momentum heavy-ball momentum, or Adam's beta1
 * @param weightDecay L2 coefficient, 0 during warm-up
 * @param warmupEpochs epochs of linear warm-up before the cosine decay
 * @param seed seed of the weights, the epoch orders and the augmentation
 * @param augmentation the training augmentation; its output size is the training input size
 * @param evalSize side of the evaluation input (the reference: 160, the augmentation's scale size)
 * @param testTimeFlip average predictions over each validation image and its mirror
 * @param logEvery iterations between two rows of the iteration metrics
 * @param prefetchBatches mini-batches each worker prepares ahead on another thread (0: none)
 * @param adversarial adversarial training, or null for none
 * @param optimizer the update rule (null, as in configurations saved before it was one: the reference's SGD)
 */
public record TrainConfig(String data, String model, int epochs, int batchSize, int workers,
    int averagingFrequency, double learningRate, double momentum, double weightDecay, int warmupEpochs, long seed,
    Augmentation augmentation, int evalSize, boolean testTimeFlip, int logEvery, int prefetchBatches,
    AdversarialTraining adversarial, Optimizer optimizer) {

  public static final int REFERENCE_BATCH = Optimizer.REFERENCE_BATCH;

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public TrainConfig {
    optimizer = optimizer == null ? Optimizer.SGD : optimizer;
    require(epochs >= 1, "epochs must be >= 1: " + epochs);
    require(warmupEpochs >= 0 && warmupEpochs < epochs,
        "warm-up epochs must be in [0, epochs): " + warmupEpochs + " of " + epochs);
    require(workers >= 1, "workers must be >= 1: " + workers);
    require(batchSize >= workers && batchSize % workers == 0,
        "the batch size (" + batchSize + ") must be a multiple of the workers (" + workers + ")");
    require(averagingFrequency >= 1, "averaging frequency must be >= 1: " + averagingFrequency);
    require(learningRate > 0, "learning rate must be > 0: " + learningRate);
    require(weightDecay >= 0, "weight decay must be >= 0: " + weightDecay);
    require(evalSize >= 1, "evaluation size must be >= 1: " + evalSize);
    require(logEvery >= 1, "log interval must be >= 1: " + logEvery);
    require(prefetchBatches >= 0, "prefetch must be >= 0: " + prefetchBatches);
  }

  /** A run of the reference's SGD without adversarial training. */
  public TrainConfig(String data, String model, int epochs, int batchSize, int workers, int averagingFrequency,
      double learningRate, double momentum, double weightDecay, int warmupEpochs, long seed,
      Augmentation augmentation, int evalSize, boolean testTimeFlip, int logEvery, int prefetchBatches) {
    this(data, model, epochs, batchSize, workers, averagingFrequency, learningRate, momentum, weightDecay,
        warmupEpochs, seed, augmentation, evalSize, testTimeFlip, logEvery, prefetchBatches, null, Optimizer.SGD);
  }

  /** The same run with adversarial training (null: without). */
  public TrainConfig withAdversarial(AdversarialTraining training) {
    return new TrainConfig(data, model, epochs, batchSize, workers, averagingFrequency, learningRate, momentum,
        weightDecay, warmupEpochs, seed, augmentation, evalSize, testTimeFlip, logEvery, prefetchBatches, training,
        optimizer);
  }

  /** The same run on a dataset named differently (e.g. by its fully qualified URI). */
  public TrainConfig withData(String otherData) {
    return new TrainConfig(otherData, model, epochs, batchSize, workers, averagingFrequency, learningRate, momentum,
        weightDecay, warmupEpochs, seed, augmentation, evalSize, testTimeFlip, logEvery, prefetchBatches,
        adversarial, optimizer);
  }

  /** The same recipe for another zoo model (e.g. the same network on the other convolution). */
  public TrainConfig withModel(String otherModel) {
    return new TrainConfig(data, otherModel, epochs, batchSize, workers, averagingFrequency, learningRate, momentum,
        weightDecay, warmupEpochs, seed, augmentation, evalSize, testTimeFlip, logEvery, prefetchBatches,
        adversarial, optimizer);
  }

  /**
   * The workers a run gets when none are asked for: the most that the executor cores run at once and that divide
   * the global batch (6 cores and batch 256 give 4), so the default works on every cluster.
   */
  public static int defaultWorkers(int cores, int batchSize) {
    for (int workers = Math.min(cores, batchSize); workers > 1; workers--) {
      if (batchSize % workers == 0) {
        return workers;
      }
    }
    return 1;
  }

  public RoundShape roundShape() {
    return new RoundShape(workers, batchSize / workers, averagingFrequency);
  }

  /** The learning rate for this run's global batch. */
  public double scaledLearningRate() {
    return optimizer.scaledRate(learningRate, batchSize);
  }

  public TrainingRecipe recipe(long iterationsPerEpoch) {
    return new TrainingRecipe(optimizer, scaledLearningRate(), momentum, weightDecay,
        Math.toIntExact(warmupEpochs * iterationsPerEpoch), Math.toIntExact((epochs - warmupEpochs)
            * iterationsPerEpoch));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrainConfig fromJson(String json) {
    try {
      return JSON.readValue(json, TrainConfig.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("Unreadable run configuration: " + e.getOriginalMessage(), e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid training configuration: " + message);
    }
  }
}
