package dev.miniplaces.recipe;

import java.util.Locale;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The update rules a run trains with. Each has a reference rate for a global batch of 256 images and a rule that
 * scales it to other batches. Weight decay is L2 added to the gradient for both, as PyTorch's
 * {@code weight_decay} of SGD and Adam (not AdamW's decoupled decay).
 */
public enum Optimizer {
  /** The reference's SGD with heavy-ball momentum; its rate scales linearly with the batch (Goyal et al.). */
  SGD(0.1, "momentum") {
    @Override
    public IUpdater updater(ISchedule rate, double momentum) {
      return new SgdMomentum(rate, momentum);
    }

    @Override
    public double scaledRate(double ratePer256, int batchSize) {
      return ratePer256 * batchSize / REFERENCE_BATCH;
    }
  },

  /**
   * Adam with {@code momentum} as its first-moment decay (beta1) and PyTorch's beta2 0.999 and epsilon 1e-8. Its
   * per-weight step sizes leave the early plateau of deep networks without batch norm (SimpleNet) fast: within
   * 46 steps on the demo's data, where SGD took more than 370 for some seeds (docs/training.md). Its rate scales
   * with the square root of the batch, which keeps the noise of its steps alike (Malladi et al., 2022).
   */
  ADAM(1e-3, "beta1") {
    @Override
    public IUpdater updater(ISchedule rate, double momentum) {
      if (momentum < 0 || momentum >= 1) {
        throw new IllegalArgumentException("Invalid Adam beta1: " + momentum + " (must be in [0, 1))");
      }
      Adam adam = new Adam(rate);
      adam.setBeta1(momentum);
      adam.setBeta2(0.999);
      adam.setEpsilon(1e-8);
      return adam;
    }

    @Override
    public double scaledRate(double ratePer256, int batchSize) {
      return ratePer256 * Math.sqrt((double) batchSize / REFERENCE_BATCH);
    }
  };

  /** The global batch that rates are given for. */
  public static final int REFERENCE_BATCH = 256;

  private final double referenceRate;
  private final String momentumName;

  Optimizer(double referenceRate, String momentumName) {
    this.referenceRate = referenceRate;
    this.momentumName = momentumName;
  }

  /** The usual rate for a global batch of {@value #REFERENCE_BATCH} (the reference's 0.1 for SGD). */
  public double referenceRate() {
    return referenceRate;
  }

  /** The updater following {@code rate}, with {@code momentum} as its momentum (SGD) or beta1 (Adam). */
  public abstract IUpdater updater(ISchedule rate, double momentum);

  /** The rate for a global batch of {@code batchSize}, from the rate for {@value #REFERENCE_BATCH}. */
  public abstract double scaledRate(double ratePer256, int batchSize);

  /** What this rule calls its momentum term: momentum (SGD) or beta1 (Adam). */
  public String momentumName() {
    return momentumName;
  }

  /** The name users give it, e.g. {@code sgd}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
