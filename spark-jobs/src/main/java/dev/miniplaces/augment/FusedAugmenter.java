package dev.miniplaces.augment;

import dev.miniplaces.image.RgbPixels;
import java.awt.Rectangle;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * The reference augmentation in one pass: every step of {@link Augmenter} (resize, flip, rotation, crop, resize)
 * is an affine map, so their composition takes each output pixel straight to a point of the decoded image, which
 * is sampled once, with the draw's kernel, then gained and normalised into the caller's float batch. No
 * intermediate image is made; one resampling replaces three, so the output equals {@link Augmenter}'s within their
 * interpolation error (tested on fixed seeds) for the same {@link AugmentationDraw}.
 *
 * <p>Stateless apart from its configuration and safe to share between threads.
 */
public final class FusedAugmenter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Augmentation config;

  public FusedAugmenter(Augmentation config) {
    this.config = config;
  }

  public Augmentation config() {
    return config;
  }

  /** Floats one sample takes: 3 planes of {@code outputSize} squared. */
  public int sampleLength() {
    return 3 * config.outputSize() * config.outputSize();
  }

  /**
   * Draws an augmentation of {@code image} from {@code random} and writes it at {@code out[offset]}, CHW. The
   * buffer may be a batch's own memory (a direct buffer under an INDArray): absolute writes only, so threads can
   * fill disjoint samples of one buffer.
   */
  public void augmentInto(RgbPixels image, Random random, FloatBuffer out, int offset) {
    render(image, AugmentationDraw.draw(config, image.width(), image.height(), random), out, offset);
  }

  /** One sample in a new array (tests, single images). */
  public float[] augment(RgbPixels image, Random random) {
    float[] out = new float[sampleLength()];
    augmentInto(image, random, FloatBuffer.wrap(out), 0);
    return out;
  }

  /** Writes the augmentation {@code draw} of {@code image} at {@code out[offset]}: normalised CHW floats. */
  public void render(RgbPixels image, AugmentationDraw draw, FloatBuffer out, int offset) {
    int size = config.outputSize();
    SourceMap map = SourceMap.of(image.width(), image.height(), draw, size);
    Pixels pixels = new Pixels(image, draw.gains(), out, offset, size * size);
    switch (draw.interpolation()) {
      case NEAREST -> nearest(pixels, map, size);
      case BILINEAR -> bilinear(pixels, map, size);
      case BICUBIC -> bicubic(pixels, map, size);
      default -> throw new IllegalStateException("Unknown interpolation " + draw.interpolation());
    }
  }

  /**
   * Where output pixel (i, j) samples the source, in source pixel indices (centres at integers): {@code x = a i +
   * b j + c}, {@code y = d i + e j + f}. Built backwards from the output: crop, rotation, flip, first resize.
   */
  record SourceMap(double a, double b, double c, double d, double e, double f) {
    static SourceMap of(int width, int height, AugmentationDraw draw, int size) {
      double[] origin = source(0.5, 0.5, width, height, draw, size);
      double[] right = source(1.5, 0.5, width, height, draw, size);
      double[] down = source(0.5, 1.5, width, height, draw, size);
      return new SourceMap(right[0] - origin[0], down[0] - origin[0], origin[0],
          right[1] - origin[1], down[1] - origin[1], origin[1]);
    }

    /** The source point under output point (u, v), pixel centres at +0.5 as in Java2D. */
    private static double[] source(double u, double v, int width, int height, AugmentationDraw draw, int size) {
      Rectangle crop = draw.crop();
      double x = crop.x + u * crop.width / size;
      double y = crop.y + v * crop.height / size;
      if (draw.rotated()) {
        // Inverse of Java2D's translate(rotated centre) . rotate(radians) . translate(-scaled centre).
        double dx = x - draw.rotatedWidth() / 2.0;
        double dy = y - draw.rotatedHeight() / 2.0;
        double cos = Math.cos(draw.radians());
        double sin = Math.sin(draw.radians());
        x = cos * dx + sin * dy + draw.scaledWidth() / 2.0;
        y = -sin * dx + cos * dy + draw.scaledHeight() / 2.0;
      }
      if (draw.flip()) {
        x = draw.scaledWidth() - x;
      }
      x = x * width / draw.scaledWidth();
      y = y * height / draw.scaledHeight();
      return new double[] {x - 0.5, y - 0.5};
    }
  }

  /** The source bytes and the output planes, with the per-channel gain and normalisation folded together. */
  private static final class Pixels {
    final byte[] bgr;
    final int width;
    final int height;
    final FloatBuffer out;
    final int red;
    final int green;
    final int blue;
    // normalised = clamp(value * scale + bias, bias, max): the gain's clip at 255 and the /255, −mean, /std.
    final float scaleR;
    final float scaleG;
    final float scaleB;
    final float biasR = -Normalization.MEAN[0] / Normalization.STD[0];
    final float biasG = -Normalization.MEAN[1] / Normalization.STD[1];
    final float biasB = -Normalization.MEAN[2] / Normalization.STD[2];
    final float maxR = (1 - Normalization.MEAN[0]) / Normalization.STD[0];
    final float maxG = (1 - Normalization.MEAN[1]) / Normalization.STD[1];
    final float maxB = (1 - Normalization.MEAN[2]) / Normalization.STD[2];

    Pixels(RgbPixels image, double[] gains, FloatBuffer out, int offset, int plane) {
      this.bgr = image.bgr();
      this.width = image.width();
      this.height = image.height();
      this.out = out;
      this.red = offset;
      this.green = offset + plane;
      this.blue = offset + 2 * plane;
      this.scaleR = (float) (gains[0] / (255 * Normalization.STD[0]));
      this.scaleG = (float) (gains[1] / (255 * Normalization.STD[1]));
      this.scaleB = (float) (gains[2] / (255 * Normalization.STD[2]));
    }

    void put(int index, float r, float g, float b) {
      out.put(red + index, Math.min(maxR, Math.max(biasR, r * scaleR + biasR)));
      out.put(green + index, Math.min(maxG, Math.max(biasG, g * scaleG + biasG)));
      out.put(blue + index, Math.min(maxB, Math.max(biasB, b * scaleB + biasB)));
    }

    int column(int x) {
      return Math.max(0, Math.min(width - 1, x));
    }

    int row(int y) {
      return Math.max(0, Math.min(height - 1, y));
    }
  }

  /** {@code floor(x)} for the |x| << 2^31 of these maps, cheaper than {@link Math#floor}. */
  private static int floor(float x) {
    int i = (int) x;
    return x < i ? i - 1 : i;
  }

  private static void nearest(Pixels p, SourceMap map, int size) {
    byte[] bgr = p.bgr;
    for (int j = 0; j < size; j++) {
      float x = (float) (map.b() * j + map.c());
      float y = (float) (map.e() * j + map.f());
      float a = (float) map.a();
      float d = (float) map.d();
      for (int i = 0; i < size; i++, x += a, y += d) {
        int k = 3 * (p.row(floor(y + 0.5f)) * p.width + p.column(floor(x + 0.5f)));
        p.put(j * size + i, bgr[k + 2] & 0xff, bgr[k + 1] & 0xff, bgr[k] & 0xff);
      }
    }
  }

  private static void bilinear(Pixels p, SourceMap map, int size) {
    byte[] bgr = p.bgr;
    int stride = 3 * p.width;
    for (int j = 0; j < size; j++) {
      float x = (float) (map.b() * j + map.c());
      float y = (float) (map.e() * j + map.f());
      float a = (float) map.a();
      float d = (float) map.d();
      for (int i = 0; i < size; i++, x += a, y += d) {
        int x0 = floor(x);
        int y0 = floor(y);
        float tx = x - x0;
        float ty = y - y0;
        int left = 3 * p.column(x0);
        int right = 3 * p.column(x0 + 1);
        int top = stride * p.row(y0);
        int bottom = stride * p.row(y0 + 1);
        float w00 = (1 - tx) * (1 - ty);
        float w10 = tx * (1 - ty);
        float w01 = (1 - tx) * ty;
        float w11 = tx * ty;
        int k00 = top + left;
        int k10 = top + right;
        int k01 = bottom + left;
        int k11 = bottom + right;
        float r = w00 * (bgr[k00 + 2] & 0xff) + w10 * (bgr[k10 + 2] & 0xff)
            + w01 * (bgr[k01 + 2] & 0xff) + w11 * (bgr[k11 + 2] & 0xff);
        float g = w00 * (bgr[k00 + 1] & 0xff) + w10 * (bgr[k10 + 1] & 0xff)
            + w01 * (bgr[k01 + 1] & 0xff) + w11 * (bgr[k11 + 1] & 0xff);
        float b = w00 * (bgr[k00] & 0xff) + w10 * (bgr[k10] & 0xff)
            + w01 * (bgr[k01] & 0xff) + w11 * (bgr[k11] & 0xff);
        p.put(j * size + i, r, g, b);
      }
    }
  }

  /** Catmull-Rom (a = −0.5), Java2D's bicubic: 4 x 4 taps, edges clamped. */
  private static void bicubic(Pixels p, SourceMap map, int size) {
    byte[] bgr = p.bgr;
    int stride = 3 * p.width;
    float[] wx = new float[4];
    float[] wy = new float[4];
    int[] columns = new int[4];
    int[] rows = new int[4];
    for (int j = 0; j < size; j++) {
      float x = (float) (map.b() * j + map.c());
      float y = (float) (map.e() * j + map.f());
      float a = (float) map.a();
      float d = (float) map.d();
      for (int i = 0; i < size; i++, x += a, y += d) {
        int x0 = floor(x);
        int y0 = floor(y);
        catmullRom(x - x0, wx);
        catmullRom(y - y0, wy);
        for (int t = 0; t < 4; t++) {
          columns[t] = 3 * p.column(x0 - 1 + t);
          rows[t] = stride * p.row(y0 - 1 + t);
        }
        float r = 0;
        float g = 0;
        float b = 0;
        for (int ty = 0; ty < 4; ty++) {
          int row = rows[ty];
          float rowR = 0;
          float rowG = 0;
          float rowB = 0;
          for (int tx = 0; tx < 4; tx++) {
            int k = row + columns[tx];
            float w = wx[tx];
            rowR += w * (bgr[k + 2] & 0xff);
            rowG += w * (bgr[k + 1] & 0xff);
            rowB += w * (bgr[k] & 0xff);
          }
          r += wy[ty] * rowR;
          g += wy[ty] * rowG;
          b += wy[ty] * rowB;
        }
        p.put(j * size + i, r, g, b);
      }
    }
  }

  private static void catmullRom(float t, float[] w) {
    float t2 = t * t;
    float t3 = t2 * t;
    w[0] = 0.5f * (-t3 + 2 * t2 - t);
    w[1] = 0.5f * (3 * t3 - 5 * t2 + 2);
    w[2] = 0.5f * (-3 * t3 + 4 * t2 + t);
    w[3] = 0.5f * (t3 - t2);
  }
}
