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
    Pixels pixels = Pixels.load(image, size * size);
    switch (draw.interpolation()) {
      case NEAREST -> nearest(pixels, map, size);
      case BILINEAR -> bilinear(pixels, map, size);
      case BICUBIC -> bicubic(pixels, map, size);
      default -> throw new IllegalStateException("Unknown interpolation " + draw.interpolation());
    }
    pixels.normaliseInto(draw.gains(), out, offset);
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

  /**
   * This thread's working memory for one image: the source as floats in its own interleaved B, G, R order, so
   * that a tap is three adjacent float loads, and the output planes. Kernels write raw 0-255 values;
   * {@link #normaliseInto} then gains, clips and normalises each plane in one loop that the JIT vectorises, and
   * moves the sample into the batch with one bulk copy (several times faster than a buffer put per value).
   */
  private static final class Pixels {
    private static final ThreadLocal<Pixels> OF_THIS_THREAD = new ThreadLocal<>();

    int width;
    int height;
    int sourcePlane;
    float[] source = new float[0];
    final int plane;
    final float[] planes;

    private Pixels(int plane) {
      this.plane = plane;
      this.planes = new float[3 * plane];
    }

    /** This thread's memory, holding {@code image} as planes, for outputs of {@code plane} pixels. */
    static Pixels load(RgbPixels image, int plane) {
      Pixels pixels = OF_THIS_THREAD.get();
      if (pixels == null || pixels.plane != plane) {
        pixels = new Pixels(plane);
        OF_THIS_THREAD.set(pixels);
      }
      pixels.width = image.width();
      pixels.height = image.height();
      pixels.sourcePlane = image.width() * image.height();
      if (pixels.source.length < 3 * pixels.sourcePlane) {
        pixels.source = new float[3 * pixels.sourcePlane];
      }
      byte[] bgr = image.bgr();
      float[] source = pixels.source;
      int n = 3 * pixels.sourcePlane;
      for (int i = 0; i < n; i++) {
        source[i] = bgr[i] & 0xff;
      }
      return pixels;
    }

    int column(int x) {
      return Math.max(0, Math.min(width - 1, x));
    }

    int row(int y) {
      return Math.max(0, Math.min(height - 1, y));
    }

    /** Gain, the clip at white (and at black: bicubic overshoots), /255, −mean, /std; then into the batch. */
    void normaliseInto(double[] gains, FloatBuffer out, int offset) {
      for (int c = 0; c < 3; c++) {
        float scale = (float) (gains[c] / (255 * Normalization.STD[c]));
        float low = -Normalization.MEAN[c] / Normalization.STD[c];
        float high = (1 - Normalization.MEAN[c]) / Normalization.STD[c];
        int from = c * plane;
        int to = from + plane;
        for (int i = from; i < to; i++) {
          planes[i] = Math.min(high, Math.max(low, planes[i] * scale + low));
        }
      }
      out.put(offset, planes, 0, planes.length);
    }
  }

  /** {@code floor(x)} for the |x| << 2^31 of these maps, cheaper than {@link Math#floor}. */
  private static int floor(float x) {
    int i = (int) x;
    return x < i ? i - 1 : i;
  }

  private static void nearest(Pixels p, SourceMap map, int size) {
    float[] src = p.source;
    float[] out = p.planes;
    int plane = p.plane;
    float a = (float) map.a();
    float d = (float) map.d();
    for (int j = 0; j < size; j++) {
      float x = (float) (map.b() * j + map.c()) + 0.5f;
      float y = (float) (map.e() * j + map.f()) + 0.5f;
      for (int i = 0; i < size; i++, x += a, y += d) {
        int k = 3 * (p.row(floor(y)) * p.width + p.column(floor(x)));
        int o = j * size + i;
        out[2 * plane + o] = src[k];
        out[plane + o] = src[k + 1];
        out[o] = src[k + 2];
      }
    }
  }

  private static void bilinear(Pixels p, SourceMap map, int size) {
    float[] src = p.source;
    float[] out = p.planes;
    int plane = p.plane;
    int stride = 3 * p.width;
    float a = (float) map.a();
    float d = (float) map.d();
    for (int j = 0; j < size; j++) {
      float x = (float) (map.b() * j + map.c());
      float y = (float) (map.e() * j + map.f());
      for (int i = 0; i < size; i++, x += a, y += d) {
        int x0 = floor(x);
        int y0 = floor(y);
        float tx = x - x0;
        float ty = y - y0;
        int left = 3 * p.column(x0);
        int right = 3 * p.column(x0 + 1);
        int top = stride * p.row(y0);
        int bottom = stride * p.row(y0 + 1);
        int o = j * size + i;
        int k00 = top + left;
        int k10 = top + right;
        int k01 = bottom + left;
        int k11 = bottom + right;
        // Two horizontal lerps, then one vertical, per channel; out's planes are R, G, B, the source's B, G, R.
        for (int c = 0; c < 3; c++) {
          float upper = src[k00 + c] + tx * (src[k10 + c] - src[k00 + c]);
          float lower = src[k01 + c] + tx * (src[k11 + c] - src[k01 + c]);
          out[(2 - c) * plane + o] = upper + ty * (lower - upper);
        }
      }
    }
  }

  /** Sub-pixel phases of the bicubic weight table: 1/64 of a pixel, far below the JPEG's own error. */
  private static final int PHASES = 64;
  private static final float[] CUBIC = cubicTable();

  /** Catmull-Rom (a = −0.5), Java2D's bicubic: 4 x 4 taps, edges clamped, weights from {@link #CUBIC}. */
  private static void bicubic(Pixels p, SourceMap map, int size) {
    float[] src = p.source;
    float[] out = p.planes;
    int plane = p.plane;
    int stride = 3 * p.width;
    float a = (float) map.a();
    float d = (float) map.d();
    for (int j = 0; j < size; j++) {
      float x = (float) (map.b() * j + map.c());
      float y = (float) (map.e() * j + map.f());
      for (int i = 0; i < size; i++, x += a, y += d) {
        int x0 = floor(x);
        int y0 = floor(y);
        int wx = 4 * (int) ((x - x0) * PHASES + 0.5f);
        int wy = 4 * (int) ((y - y0) * PHASES + 0.5f);
        int c0 = 3 * p.column(x0 - 1);
        int c1 = 3 * p.column(x0);
        int c2 = 3 * p.column(x0 + 1);
        int c3 = 3 * p.column(x0 + 2);
        float w0 = CUBIC[wx];
        float w1 = CUBIC[wx + 1];
        float w2 = CUBIC[wx + 2];
        float w3 = CUBIC[wx + 3];
        float blue = 0;
        float green = 0;
        float red = 0;
        for (int t = 0; t < 4; t++) {
          int row = stride * p.row(y0 - 1 + t);
          float v = CUBIC[wy + t];
          int k0 = row + c0;
          int k1 = row + c1;
          int k2 = row + c2;
          int k3 = row + c3;
          blue += v * (w0 * src[k0] + w1 * src[k1] + w2 * src[k2] + w3 * src[k3]);
          green += v * (w0 * src[k0 + 1] + w1 * src[k1 + 1] + w2 * src[k2 + 1] + w3 * src[k3 + 1]);
          red += v * (w0 * src[k0 + 2] + w1 * src[k1 + 2] + w2 * src[k2 + 2] + w3 * src[k3 + 2]);
        }
        int o = j * size + i;
        out[o] = red;
        out[plane + o] = green;
        out[2 * plane + o] = blue;
      }
    }
  }

  /** The four Catmull-Rom weights of each phase t = k / PHASES, k = 0..PHASES, laid out flat. */
  private static float[] cubicTable() {
    float[] table = new float[4 * (PHASES + 1)];
    for (int k = 0; k <= PHASES; k++) {
      float t = (float) k / PHASES;
      float t2 = t * t;
      float t3 = t2 * t;
      table[4 * k] = 0.5f * (-t3 + 2 * t2 - t);
      table[4 * k + 1] = 0.5f * (3 * t3 - 5 * t2 + 2);
      table[4 * k + 2] = 0.5f * (-3 * t3 + 4 * t2 + t);
      table[4 * k + 3] = 0.5f * (t3 - t2);
    }
    return table;
  }
}
