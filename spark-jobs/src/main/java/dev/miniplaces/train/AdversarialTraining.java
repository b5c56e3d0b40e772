package dev.miniplaces.train;

import dev.miniplaces.augment.Normalization;
import dev.miniplaces.gradients.PgdAttack;
import java.io.Serializable;

/**
 * Adversarial training (Madry et al. 2018): a share of every training batch replaced, on the executor, by PGD
 * samples made against the worker's current weights. The attack is untargeted (away from the true class) from a
 * random start in the ε-ball, clamped to valid pixels: the strongest of the attacks {@code adversarial} offers,
 * so that the model learns to resist the reference's targeted one too.
 *
 * @param steps PGD steps per batch; each costs about one more forward and backward pass
 * @param epsilon radius of the L∞ ball, in normalised input units
 * @param stepSize size of each sign step
 * @param fraction share of each batch replaced, in (0, 1]; 1 trains on adversarial images only
 */
public record AdversarialTraining(int steps, double epsilon, double stepSize, double fraction)
    implements Serializable {

  public AdversarialTraining {
    if (steps < 1) {
      throw new IllegalArgumentException("adversarial steps must be >= 1: " + steps);
    }
    if (!(epsilon > 0) || !(stepSize > 0) || Double.isInfinite(epsilon) || Double.isInfinite(stepSize)) {
      throw new IllegalArgumentException("adversarial epsilon and step size must be finite and > 0: " + epsilon
          + ", " + stepSize);
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("adversarial fraction must be in (0, 1]: " + fraction);
    }
  }

  /** Madry's rule of thumb: steps of 2.5 ε / steps, enough to cross the ball and come back. */
  public static double defaultStepSize(int steps, double epsilon) {
    return 2.5 * epsilon / steps;
  }

  PgdAttack attack() {
    float[][] range = Normalization.pixelRange();
    return new PgdAttack(new PgdAttack.Settings(steps, stepSize, epsilon, PgdAttack.Target.UNTARGETED, true,
        new PgdAttack.PixelRange(range[0], range[1])));
  }
}
