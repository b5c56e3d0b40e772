package dev.miniplaces.analysis;

import java.util.Arrays;

/**
 * What a saliency map says in a few numbers: its mean and peak, where the peak is, the saliency-weighted centre,
 * and how concentrated it is: the share of all saliency inside the most salient 10% of pixels (0.1 for a flat
 * map, near 1 when the model looks at a small region).
 *
 * @param peakX column of the largest value (the first, row by row, on ties)
 * @param centroidX saliency-weighted mean column; the image centre for an all-zero map
 */
public record SaliencyStatistics(float mean, float max, float top10Share, int peakX, int peakY, float centroidX,
    float centroidY) {
  public static final double TOP_FRACTION = 0.1;

  /** Statistics of a row-major {@code width}-wide map of non-negative values. */
  public static SaliencyStatistics of(float[] map, int width) {
    if (map.length == 0 || map.length % width != 0) {
      throw new IllegalArgumentException("A saliency map of " + map.length + " values is not " + width + " wide");
    }
    double sum = 0;
    double weightedX = 0;
    double weightedY = 0;
    int peak = 0;
    for (int i = 0; i < map.length; i++) {
      float v = map[i];
      sum += v;
      weightedX += v * (i % width);
      weightedY += v * (i / width);
      if (v > map[peak]) {
        peak = i;
      }
    }
    int height = map.length / width;
    int top = (int) Math.ceil(TOP_FRACTION * map.length);
    float share;
    float centroidX;
    float centroidY;
    if (sum > 0) {
      float[] sorted = map.clone();
      Arrays.sort(sorted);
      double topSum = 0;
      for (int i = sorted.length - top; i < sorted.length; i++) {
        topSum += sorted[i];
      }
      share = (float) (topSum / sum);
      centroidX = (float) (weightedX / sum);
      centroidY = (float) (weightedY / sum);
    } else {
      share = (float) top / map.length;
      centroidX = (width - 1) / 2f;
      centroidY = (height - 1) / 2f;
    }
    return new SaliencyStatistics((float) (sum / map.length), map[peak], share, peak % width, peak / width,
        centroidX, centroidY);
  }
}
