package dev.miniplaces.recipe;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with (heavy-ball) momentum, as PyTorch's {@code torch.optim.SGD(momentum=m)} and the reference recipe use
 * it: {@code v = m·v + g; p -= lr·v}. DL4J has only Nesterov momentum ({@code Nesterovs}), which follows a
 * different trajectory. Weight decay, as in PyTorch, belongs in the gradient before the momentum: configure it as
 * DL4J's L2 regularisation ({@code .l2(1e-4)}), not as {@code WeightDecay}, which DL4J applies after the updater.
 */
public final class SgdMomentum implements IUpdater {
  private static final long serialVersionUID = 1L;

  private double learningRate;
  private ISchedule learningRateSchedule;
  private double momentum;

  /** For JSON. */
  SgdMomentum() {}

  public SgdMomentum(double learningRate, double momentum) {
    this(learningRate, null, momentum);
  }

  public SgdMomentum(ISchedule learningRateSchedule, double momentum) {
    this(Double.NaN, learningRateSchedule, momentum);
  }

  private SgdMomentum(double learningRate, ISchedule learningRateSchedule, double momentum) {
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("Invalid momentum: " + momentum + " (must be in [0, 1))");
    }
    this.learningRate = learningRate;
    this.learningRateSchedule = learningRateSchedule;
    this.momentum = momentum;
  }

  public double momentum() {
    return momentum;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    SgdMomentumUpdater updater = new SgdMomentumUpdater(this);
    updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
    SgdMomentumUpdater updater = new SgdMomentumUpdater(this);
    updater.setState(updaterState, initializeStateArrays);
    return updater;
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
    this.learningRate = lr;
    this.learningRateSchedule = lrSchedule;
  }

  @Override
  public SgdMomentum clone() {
    return new SgdMomentum(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(),
        momentum);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SgdMomentum o && Double.compare(o.learningRate, learningRate) == 0
        && Double.compare(o.momentum, momentum) == 0
        && Objects.equals(o.learningRateSchedule, learningRateSchedule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, learningRateSchedule, momentum);
  }

  @Override
  public String toString() {
    return "SgdMomentum(lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
        + ", momentum=" + momentum + ")";
  }
}
