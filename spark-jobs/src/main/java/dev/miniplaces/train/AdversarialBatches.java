package dev.miniplaces.train;

import dev.miniplaces.gradients.InputGradientGraph;
import dev.miniplaces.gradients.PgdAttack;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The worker-side half of {@link AdversarialTraining}: a dl4j-spark training hook that, before each step,
 * overwrites the first {@code fraction} of the batch's images with PGD samples against the worker's weights at
 * that moment (the model in inference mode, as the attack is evaluated). Labels stay: the model learns to give
 * the true class to the perturbed image.
 */
final class AdversarialBatches implements TrainingHook {
  private static final long serialVersionUID = 1L;
  /** Seeds of the random starts: distinct per step and worker, the same on a rerun of the same round. */
  private final long seed;
  private final AdversarialTraining settings;
  private transient InputGradientGraph graph;
  private transient PgdAttack attack;
  private transient long steps;

  AdversarialBatches(AdversarialTraining settings, long seed) {
    this.settings = settings;
    this.seed = seed;
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    ComputationGraph network = (ComputationGraph) model;
    if (graph == null) {
      graph = InputGradientGraph.of(network);
      attack = settings.attack();
    } else {
      graph.copyParametersFrom(network);
    }
    INDArray features = minibatch.getFeatures(0);
    int n = (int) features.size(0);
    int attacked = (int) Math.max(1, Math.round(settings.fraction() * n));
    INDArray part = attacked == n ? features : features.get(NDArrayIndex.interval(0, attacked));
    int[] labels = minibatch.getLabels(0).get(NDArrayIndex.interval(0, attacked)).argMax(1).toIntVector();
    long step = steps++;
    long[] seeds = new long[attacked];
    for (int i = 0; i < attacked; i++) {
      seeds[i] = (seed * 31 + network.getIterationCount()) * 1_000_003L + step * 4099 + i;
    }
    part.assign(attack.attack(graph, part.dup(), labels, seeds).adversarial());
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {}

  /** The same, for a single-input batch (its arrays are shared, so the images are replaced in place). */
  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    preUpdate(new org.nd4j.linalg.dataset.MultiDataSet(minibatch.getFeatures(), minibatch.getLabels()), model);
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {}
}
