package dev.miniplaces.recipe;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The reference recipe's optimisation, set on every trainable layer of a network's configuration: an
 * {@link Optimizer} (the reference's SGD with heavy-ball momentum, {@link SgdMomentum}, or Adam), the learning
 * rate of a {@link CosineSchedule} set per iteration, and weight decay as L2 on weights and biases (PyTorch's
 * {@code weight_decay}), zero during the warm-up iterations as the reference has it. Batch-norm layers keep
 * DL4J's rule of no decay on their scale and shift.
 *
 * @param optimizer the update rule
 * @param baseRate learning rate after the warm-up (already scaled for the global batch)
 * @param momentum heavy-ball momentum, or Adam's beta1 (reference: 0.9)
 * @param weightDecay L2 coefficient (reference: 1e-4); 0 switches it off
 * @param warmupIterations iterations of linear warm-up, without weight decay
 * @param cosineIterations iterations of the cosine decay that follows
 */
public record TrainingRecipe(Optimizer optimizer, double baseRate, double momentum, double weightDecay,
    int warmupIterations, int cosineIterations) {

  public TrainingRecipe {
    if (weightDecay < 0) {
      throw new IllegalArgumentException("Invalid weight decay: " + weightDecay + " (must be >= 0)");
    }
    // Validate the rest (the fields are not yet set, so schedule() cannot be used).
    optimizer.updater(new CosineSchedule(baseRate, warmupIterations, cosineIterations), momentum);
  }

  /** The learning rate the step of this (0-based, global) iteration uses. */
  public double learningRate(long iteration) {
    return schedule().valueAt((int) Math.min(iteration, Integer.MAX_VALUE), 0);
  }

  public CosineSchedule schedule() {
    return new CosineSchedule(baseRate, warmupIterations, cosineIterations);
  }

  /** Sets the recipe's updater and regularisation on every trainable layer; call before the network's init. */
  public void applyTo(ComputationGraphConfiguration configuration) {
    IUpdater updater = optimizer.updater(schedule(), momentum);
    List<Regularization> decay = weightDecay == 0 ? List.of() : List.of(new L2Regularization(decaySchedule()));
    for (Map.Entry<String, GraphVertex> vertex : configuration.getVertices().entrySet()) {
      if (vertex.getValue() instanceof LayerVertex layerVertex
          && layerVertex.getLayerConf().getLayer() instanceof BaseLayer layer) {
        layer.setIUpdater(updater);
        layer.setBiasUpdater(null); // biases follow the same updater, as in PyTorch
        layer.setRegularization(decay);
        layer.setRegularizationBias(decay);
      }
    }
  }

  private ISchedule decaySchedule() {
    if (warmupIterations == 0) {
      return new FixedSchedule(weightDecay);
    }
    return new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.0, warmupIterations, weightDecay));
  }
}
