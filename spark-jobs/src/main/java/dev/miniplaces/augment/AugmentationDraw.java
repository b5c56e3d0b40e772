package dev.miniplaces.augment;

import java.awt.Rectangle;
import java.util.Random;

/**
 * The random choices of one {@link Augmentation} of one image, drawn in the reference's order (interpolation,
 * flip, colour gains, rotation, crop), with the sizes of the intermediate images they imply. Both renderers take
 * the same draw, so the step-by-step {@link Augmenter} and the one-pass {@link FusedAugmenter} differ only by
 * interpolation, never by what they chose.
 *
 * @param interpolation kernel of the first resize
 * @param scaledWidth width after scaling the shorter side to {@code scaleSize}
 * @param scaledHeight height after that scaling
 * @param flip whether the scaled image is mirrored left to right
 * @param gains per-channel colour gains, R, G, B (1 when off)
 * @param radians rotation about the centre (0 when off or within 1°)
 * @param rotatedWidth width of the largest upright rectangle inside the rotated image, less a 1-pixel margin
 *     each side (the scaled width when not rotated)
 * @param rotatedHeight its height
 * @param crop the random-sized crop, in the rotated image, resized to {@code outputSize} square
 */
public record AugmentationDraw(Interpolation interpolation, int scaledWidth, int scaledHeight, boolean flip,
    double[] gains, double radians, int rotatedWidth, int rotatedHeight, Rectangle crop) {

  private static final Interpolation[] KERNELS = Interpolation.values();
  private static final double SKIPPED_ROTATION_DEGREES = 1;

  /** The choices for an image of {@code width} x {@code height}, taken from {@code random}. */
  public static AugmentationDraw draw(Augmentation config, int width, int height, Random random) {
    Interpolation interpolation = config.randomInterpolation()
        ? KERNELS[random.nextInt(KERNELS.length)] : Interpolation.BILINEAR;
    int shorter = config.scaleSize();
    int scaledWidth = width <= height ? shorter : (int) Math.round((double) width * shorter / height);
    int scaledHeight = width <= height ? (int) Math.round((double) height * shorter / width) : shorter;
    boolean flip = config.flipProbability() > 0 && random.nextDouble() < config.flipProbability();
    double[] gains = {1, 1, 1};
    if (config.colourGain() > 0) {
      double c = config.colourGain();
      for (int channel = 0; channel < 3; channel++) {
        gains[channel] = 1 + (2 * random.nextDouble() - 1) * c;
      }
    }
    double radians = 0;
    int rotatedWidth = scaledWidth;
    int rotatedHeight = scaledHeight;
    if (config.maxRotationDegrees() > 0) {
      double degrees = (2 * random.nextDouble() - 1) * config.maxRotationDegrees();
      if (Math.abs(degrees) > SKIPPED_ROTATION_DEGREES) {
        radians = Math.toRadians(degrees);
        int[] inside = insideRotation(scaledWidth, scaledHeight, radians);
        rotatedWidth = inside[0];
        rotatedHeight = inside[1];
      }
    }
    Rectangle crop = CropSampler.sample(rotatedWidth, rotatedHeight, config, random);
    return new AugmentationDraw(interpolation, scaledWidth, scaledHeight, flip, gains, radians, rotatedWidth,
        rotatedHeight, crop);
  }

  public boolean rotated() {
    return radians != 0;
  }

  /**
   * The whole-pixel rectangle kept of a w x h image rotated by {@code radians}: the largest upright one inside,
   * less one pixel of margin each side to absorb the interpolation at its edges.
   */
  static int[] insideRotation(int w, int h, double radians) {
    double[] inside = largestInscribedRectangle(w, h, radians);
    return new int[] {Math.max(1, (int) Math.floor(inside[0]) - 2), Math.max(1, (int) Math.floor(inside[1]) - 2)};
  }

  /** Width and height of the largest axis-aligned rectangle inside a w x h rectangle rotated by {@code radians}. */
  static double[] largestInscribedRectangle(double w, double h, double radians) {
    boolean wide = w >= h;
    double longSide = wide ? w : h;
    double shortSide = wide ? h : w;
    double sin = Math.abs(Math.sin(radians));
    double cos = Math.abs(Math.cos(radians));
    if (shortSide <= 2 * sin * cos * longSide || Math.abs(sin - cos) < 1e-10) {
      // Half constrained: two opposite corners of the result touch the long sides.
      double half = 0.5 * shortSide;
      return wide ? new double[] {half / sin, half / cos} : new double[] {half / cos, half / sin};
    }
    double cos2 = cos * cos - sin * sin;
    return new double[] {(w * cos - h * sin) / cos2, (h * cos - w * sin) / cos2};
  }
}
