package dev.miniplaces.augment;

import java.awt.image.BufferedImage;

/**
 * Pixels to network input: RGB bytes / 255, minus ImageNet's channel means, divided by their standard deviations
 * (the reference's normalisation), written as planar CHW floats.
 */
public final class Normalization {
  static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] STD = {0.229f, 0.224f, 0.225f};

  private Normalization() {}

  /** CHW floats of a {@code size}x{@code size} image (any type; read through its RGB values). */
  public static float[] toChw(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] chw = new float[3 * w * h];
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      int p = rgb[i];
      chw[i] = (((p >> 16) & 0xff) / 255f - MEAN[0]) / STD[0];
      chw[plane + i] = (((p >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
      chw[2 * plane + i] = ((p & 0xff) / 255f - MEAN[2]) / STD[2];
    }
    return chw;
  }

  /** The inverse of {@link #toChw}: RGB values in [0, 1] (up to rounding) of normalised CHW floats, still CHW. */
  public static float[] toRgb(float[] chw) {
    int plane = chw.length / 3;
    float[] rgb = new float[chw.length];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        rgb[c * plane + i] = chw[c * plane + i] * STD[c] + MEAN[c];
      }
    }
    return rgb;
  }

  /** The valid pixel range, 0 to 1, in normalised units per channel: (0 − mean) / std and (1 − mean) / std. */
  public static float[][] pixelRange() {
    float[][] range = new float[2][3];
    for (int c = 0; c < 3; c++) {
      range[0][c] = -MEAN[c] / STD[c];
      range[1][c] = (1 - MEAN[c]) / STD[c];
    }
    return range;
  }
}
