package dev.miniplaces.analysis;

import dev.miniplaces.augment.Normalization;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Saliency maps drawn over their images, in the reference's style and as heat maps. */
final class SaliencyGrids {
  /** Inferno-like colour scale, dark to bright: dark violet, purple, red, orange, pale yellow. */
  private static final float[][] HEAT = {
      {0.00f, 0.00f, 0.02f}, {0.34f, 0.06f, 0.43f}, {0.74f, 0.22f, 0.33f}, {0.98f, 0.56f, 0.04f},
      {0.99f, 1.00f, 0.64f}};

  private SaliencyGrids() {}

  /**
   * @param chw the normalised network input
   * @param map its saliency, row-major
   */
  record Item(float[] chw, float[] map, int size, String caption) {}

  /**
   * The reference's drawing: the images min-max normalised over the grid, and every pixel whose saliency
   * exceeds twice the grid's mean saliency painted full red.
   */
  static BufferedImage overlay(List<Item> items) {
    List<float[]> images = new ArrayList<>();
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    double saliencySum = 0;
    long pixels = 0;
    for (Item item : items) {
      float[] rgb = Normalization.toRgb(item.chw());
      for (float v : rgb) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      images.add(rgb);
      for (float s : item.map()) {
        saliencySum += s;
      }
      pixels += item.map().length;
    }
    float range = max > min ? max - min : 1;
    double threshold = 2 * saliencySum / Math.max(1, pixels);
    List<ImageGrid.Tile> tiles = new ArrayList<>();
    for (int t = 0; t < items.size(); t++) {
      Item item = items.get(t);
      float[] rgb = images.get(t);
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = (rgb[i] - min) / range;
      }
      for (int i = 0; i < item.map().length; i++) {
        if (item.map()[i] > threshold) {
          rgb[i] = 1f;
        }
      }
      tiles.add(new ImageGrid.Tile(rgb, item.size(), item.caption()));
    }
    return ImageGrid.render(tiles);
  }

  /** Each map on a colour scale from 0 to its own maximum, over a faded grey copy of its image. */
  static BufferedImage heat(List<Item> items) {
    List<ImageGrid.Tile> tiles = new ArrayList<>();
    for (Item item : items) {
      float[] rgb = Normalization.toRgb(item.chw());
      int plane = item.map().length;
      float peak = 0;
      for (float s : item.map()) {
        peak = Math.max(peak, s);
      }
      float[] out = new float[3 * plane];
      for (int i = 0; i < plane; i++) {
        float grey = 0.299f * rgb[i] + 0.587f * rgb[plane + i] + 0.114f * rgb[2 * plane + i];
        float[] colour = heatColour(peak > 0 ? item.map()[i] / peak : 0);
        for (int c = 0; c < 3; c++) {
          out[c * plane + i] = 0.3f * grey + 0.7f * colour[c];
        }
      }
      tiles.add(new ImageGrid.Tile(out, item.size(), item.caption()));
    }
    return ImageGrid.render(tiles);
  }

  static float[] heatColour(float fraction) {
    float f = Math.min(1f, Math.max(0f, fraction)) * (HEAT.length - 1);
    int low = Math.min((int) f, HEAT.length - 2);
    float w = f - low;
    float[] colour = new float[3];
    for (int c = 0; c < 3; c++) {
      colour[c] = HEAT[low][c] * (1 - w) + HEAT[low + 1][c] * w;
    }
    return colour;
  }
}
