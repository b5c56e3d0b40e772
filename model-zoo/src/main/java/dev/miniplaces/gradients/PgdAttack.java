package dev.miniplaces.gradients;

import java.io.Serializable;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Projected gradient descent in the L∞ ball (Madry et al. 2018), as the reference runs it: in units of the
 * normalised input, {@code steps} sign steps of {@code stepSize}, each followed by a projection onto the ε-ball
 * around the clean input. The reference's target is the least likely class on the clean input, fixed for the
 * whole attack, and each step lowers that class's cross-entropy; the untargeted attack raises the true class's
 * instead. A random start in the ball and a clamp to the valid pixel range are options (the reference has
 * neither). The model is in inference mode. Cost: {@code steps} forward and backward passes and one forward pass
 * (the final predictions; the first step's pass gives the clean ones), plus a forward pass with a random start.
 */
public final class PgdAttack {
  public enum Target {
    /** Towards the class the model finds least likely on the clean input (the reference). */
    LEAST_LIKELY,
    /** Away from the true class (the predicted one where the label is unknown). */
    UNTARGETED
  }

  /** Per-channel bounds of valid pixels in normalised units: (0 − mean) / std and (1 − mean) / std. */
  public record PixelRange(float[] low, float[] high) implements Serializable {
    public PixelRange {
      if (low.length != high.length) {
        throw new IllegalArgumentException("Pixel range needs as many lower as upper bounds");
      }
    }
  }

  /** @param clamp the valid pixel range to clamp adversarial images to; null for none */
  public record Settings(int steps, double stepSize, double epsilon, Target target, boolean randomStart,
      PixelRange clamp) implements Serializable {
    /** The reference: 10 steps of 0.01, ε 0.1, least likely target, no random start, no clamp. */
    public static final Settings REFERENCE = new Settings(10, 0.01, 0.1, Target.LEAST_LIKELY, false, null);

    public Settings {
      if (steps < 0) {
        throw new IllegalArgumentException("PGD steps must be >= 0, got " + steps);
      }
      if (!(stepSize >= 0) || !(epsilon >= 0) || Double.isInfinite(stepSize) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException("PGD step size and epsilon must be finite and >= 0, got " + stepSize
            + " and " + epsilon);
      }
      if (target == null) {
        throw new IllegalArgumentException("PGD needs a target");
      }
    }

    public Settings withEpsilon(double newEpsilon) {
      return new Settings(steps, stepSize, newEpsilon, target, randomStart, clamp);
    }

    public Settings withTarget(Target newTarget) {
      return new Settings(steps, stepSize, epsilon, newTarget, randomStart, clamp);
    }
  }

  /**
   * @param adversarial [N, C, H, W] the attacked inputs
   * @param targets the class each example was pushed towards (least likely) or away from (untargeted)
   * @param linf each example's perturbation size, max |adversarial − clean|
   */
  public record Result(INDArray adversarial, INDArray cleanProbabilities, INDArray adversarialProbabilities,
      int[] targets, float[] linf) {}

  private final Settings settings;

  public PgdAttack(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Attacks {@code features} [N, C, H, W] (left unchanged).
   *
   * @param labels the true classes, -1 where unknown (only the untargeted attack reads them)
   * @param seeds each example's random start seed (so that an image's attack does not depend on its batch);
   *     read only with a random start
   */
  public Result attack(InputGradientGraph graph, INDArray features, int[] labels, long[] seeds) {
    TargetChoice choice = new TargetChoice(labels);
    float epsilon = (float) settings.epsilon();
    INDArray adversarial = features.dup();
    if (settings.randomStart() && epsilon > 0) {
      choice.apply(graph.forward(features));
      adversarial.addi(uniform(features, epsilon, seeds));
      clamp(adversarial);
    }
    // Lower the target's loss (towards it), or raise the true class's (away from it).
    double direction = settings.target() == Target.LEAST_LIKELY ? -settings.stepSize() : settings.stepSize();
    INDArray delta = features.ulike();
    int steps = epsilon > 0 ? settings.steps() : 0; // a ball of radius 0 holds only the clean image
    for (int step = 0; step < steps; step++) {
      // Without a random start the first step's input is the clean image: its pass gives the clean predictions.
      INDArray gradient = graph.pass(adversarial, choice).inputGradient();
      adversarial.addi(Transforms.sign(gradient, false).muli(direction));
      adversarial.sub(features, delta);
      Transforms.min(Transforms.max(delta, -epsilon, false), epsilon, false);
      features.add(delta, adversarial);
      clamp(adversarial);
    }
    INDArray after = graph.forward(adversarial);
    if (choice.clean == null) {
      choice.apply(after); // no step and no random start: the adversarial image is the clean one
    }
    return new Result(adversarial, choice.clean, after, choice.targets, linf(features, adversarial));
  }

  /** Fixes the targets, as one-hot labels, from the first (clean) probabilities it is given. */
  private final class TargetChoice implements UnaryOperator<INDArray> {
    private final int[] labels;
    private INDArray clean;
    private int[] targets;
    private INDArray targetLabels;

    TargetChoice(int[] labels) {
      this.labels = labels;
    }

    @Override
    public INDArray apply(INDArray probabilities) {
      if (targetLabels == null) {
        clean = probabilities;
        targets = settings.target() == Target.LEAST_LIKELY ? ClassLabels.argMin(clean)
            : trueOrPredicted(labels, ClassLabels.argMax(clean));
        targetLabels = ClassLabels.oneHot(targets, clean.size(1), clean.dataType());
      }
      return targetLabels;
    }
  }

  private static int[] trueOrPredicted(int[] labels, int[] predicted) {
    if (labels.length != predicted.length) {
      throw new IllegalArgumentException("Got " + labels.length + " labels for " + predicted.length + " images");
    }
    int[] targets = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      targets[i] = labels[i] >= 0 ? labels[i] : predicted[i];
    }
    return targets;
  }

  /** Noise uniform in [-ε, ε], example i's from {@code seeds[i]}. */
  private static INDArray uniform(INDArray like, float epsilon, long[] seeds) {
    int n = (int) like.size(0);
    if (seeds == null || seeds.length != n) {
      throw new IllegalArgumentException("A random start needs a seed for each of the " + n + " examples");
    }
    int perExample = (int) (like.length() / n);
    float[] noise = new float[n * perExample];
    for (int i = 0; i < n; i++) {
      SplittableRandom random = new SplittableRandom(seeds[i]);
      for (int j = 0; j < perExample; j++) {
        noise[i * perExample + j] = (float) ((random.nextDouble() * 2 - 1) * epsilon);
      }
    }
    return Nd4j.create(noise, like.shape(), 'c').castTo(like.dataType());
  }

  private void clamp(INDArray images) {
    PixelRange range = settings.clamp();
    if (range == null) {
      return;
    }
    if (images.size(1) != range.low().length) {
      throw new IllegalArgumentException("Pixel range has " + range.low().length + " channels, images have "
          + images.size(1));
    }
    for (int c = 0; c < range.low().length; c++) {
      INDArray channel = images.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(),
          NDArrayIndex.all());
      Transforms.min(Transforms.max(channel, range.low()[c], false), range.high()[c], false);
    }
  }

  private static float[] linf(INDArray clean, INDArray adversarial) {
    long n = clean.size(0);
    return Transforms.abs(adversarial.sub(clean), false).reshape(n, clean.length() / n).max(1)
        .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
  }
}
