package dev.miniplaces.recipe;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/** The state (one velocity per parameter) and step of {@link SgdMomentum}; DL4J subtracts the result. */
final class SgdMomentumUpdater implements GradientUpdater<SgdMomentum> {
  static final String VELOCITY = "V";

  private final SgdMomentum config;
  private INDArray velocity;

  SgdMomentumUpdater(SgdMomentum config) {
    this.config = config;
  }

  @Override
  public SgdMomentum getConfig() {
    return config;
  }

  @Override
  public void setState(Map<String, INDArray> stateMap, boolean initialize) {
    if (!stateMap.containsKey(VELOCITY) || stateMap.size() != 1) {
      throw new IllegalStateException("SgdMomentum's state holds only [" + VELOCITY + "], got " + stateMap.keySet());
    }
    velocity = stateMap.get(VELOCITY);
    if (initialize) {
      velocity.assign(0);
    }
  }

  @Override
  public Map<String, INDArray> getState() {
    return Map.of(VELOCITY, velocity);
  }

  @Override
  public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
    if (initialize) {
      viewArray.assign(0);
    }
    velocity = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
    if (velocity == null) {
      throw new IllegalStateException("Cannot view the updater state as the gradient's shape");
    }
  }

  /** Turns the gradient into the step: v = m·v + g, step = lr·v, both in place. */
  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    if (velocity == null) {
      throw new IllegalStateException("SgdMomentum's state was never set");
    }
    INDArray g = gradient.reshape(velocity.shape());
    velocity.muli(config.momentum()).addi(g);
    g.assign(velocity).muli(config.getLearningRate(iteration, epoch));
  }
}
