package dev.miniplaces.augment;

import java.awt.RenderingHints;

/** The resampling kernels of the reference's first resize, drawn at random per image. */
public enum Interpolation {
  NEAREST(RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR),
  BILINEAR(RenderingHints.VALUE_INTERPOLATION_BILINEAR),
  BICUBIC(RenderingHints.VALUE_INTERPOLATION_BICUBIC);

  private final Object java2dHint;

  Interpolation(Object java2dHint) {
    this.java2dHint = java2dHint;
  }

  /** The same kernel as Java2D's rendering hint, for the step-by-step {@link Augmenter}. */
  Object java2dHint() {
    return java2dHint;
  }
}
