package dev.miniplaces.augment;

import java.io.Serializable;

/**
 * The training-time augmentation of the reference recipe, step by step, each one adjustable or switched off
 * ({@code shared/reference/seed-defaults.md}): scale the shorter side to {@code scaleSize} (interpolation picked
 * at random among nearest, bilinear and bicubic, or fixed to bilinear) → horizontal flip → per-channel colour gain
 * → rotation, cropped to the largest axis-aligned rectangle inside the rotated image → random crop of an area
 * fraction and aspect ratio, resized to {@code outputSize} → /255 and normalisation with ImageNet's mean and std.
 *
 * @param scaleSize shorter side after the first step (reference: 160)
 * @param outputSize side of the square result (reference: 128)
 * @param randomInterpolation pick the first resize's interpolation at random (reference), else bilinear
 * @param flipProbability probability of a horizontal flip (reference: 0.5; 0 switches it off)
 * @param colourGain per-channel gains are uniform in [1 - colourGain, 1 + colourGain] (reference: 0.15; 0 = off)
 * @param maxRotationDegrees angles are uniform in [-max, max] (reference: 15; 0 = off); |angle| <= 1° is skipped
 * @param minCropArea crops cover [minCropArea, 1] of the image's area (reference: 0.25; 1 with aspects 1 = the
 *     whole image)
 * @param minAspect smallest crop width / height (reference: 0.8); drawn log-uniformly up to {@code maxAspect}
 * @param maxAspect largest crop width / height (reference: 1.2)
 */
public record Augmentation(int scaleSize, int outputSize, boolean randomInterpolation, double flipProbability,
    double colourGain, double maxRotationDegrees, double minCropArea, double minAspect, double maxAspect)
    implements Serializable {

  /** Crop attempts before falling back to a centre crop, as the reference does. */
  static final int CROP_TRIES = 10;

  public Augmentation {
    require(scaleSize >= 1, "scale size", scaleSize, ">= 1");
    require(outputSize >= 1 && outputSize <= scaleSize, "output size", outputSize, "in [1, scale size]");
    require(flipProbability >= 0 && flipProbability <= 1, "flip probability", flipProbability, "in [0, 1]");
    require(colourGain >= 0 && colourGain < 1, "colour gain", colourGain, "in [0, 1)");
    require(maxRotationDegrees >= 0 && maxRotationDegrees < 45, "rotation", maxRotationDegrees, "in [0, 45)");
    require(minCropArea > 0 && minCropArea <= 1, "minimum crop area", minCropArea, "in (0, 1]");
    require(minAspect > 0 && minAspect <= 1, "minimum aspect", minAspect, "in (0, 1]");
    require(maxAspect >= 1, "maximum aspect", maxAspect, ">= 1");
  }

  /** The reference recipe at the reference sizes (160 → 128). */
  public static Augmentation reference() {
    return reference(160, 128);
  }

  /** The reference recipe scaled to other sizes, e.g. 40 → 32 for small datasets. */
  public static Augmentation reference(int scaleSize, int outputSize) {
    return new Augmentation(scaleSize, outputSize, true, 0.5, 0.15, 15, 0.25, 0.8, 1.2);
  }

  /** No randomness at all: scale the shorter side, then the centred square resized to the output size. */
  public static Augmentation none(int scaleSize, int outputSize) {
    return new Augmentation(scaleSize, outputSize, false, 0, 0, 0, 1, 1, 1);
  }

  private static void require(boolean ok, String what, double value, String range) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be " + range + ")");
    }
  }
}
