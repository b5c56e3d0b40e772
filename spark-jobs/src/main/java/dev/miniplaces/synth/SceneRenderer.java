package dev.miniplaces.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Draws one scene of a class with Java2D: a sky gradient above a random horizon, textured ground below, one to
 * four shapes on the horizon, sometimes a sun-like disc in the sky, then per-pixel noise and a brightness
 * change. All randomness comes from the given generator, so equal seeds draw equal pixels on any thread.
 * Lengths are fractions of the image size, so every size draws the same scene.
 */
final class SceneRenderer {
  /** Largest change of a base colour channel per image; enough for neighbouring palettes to overlap. */
  private static final int COLOUR_JITTER = 28;
  /** Largest per-pixel noise per channel (the sum of two uniforms, so mostly much less). */
  private static final int PIXEL_NOISE = 14;
  private static final double MIN_BRIGHTNESS = 0.8;
  private static final double MAX_BRIGHTNESS = 1.2;
  private static final double SUN_PROBABILITY = 0.3;
  /** Noise by the sum of two random bytes (0..510): a triangular distribution over ±{@link #PIXEL_NOISE}. */
  private static final int[] NOISE_BY_BYTE_SUM = noiseTable();

  private final int size;

  SceneRenderer(int size) {
    this.size = size;
  }

  BufferedImage render(SceneClass sceneClass, SplittableRandom random) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
      Palette palette = sceneClass.palette();
      double horizon = size * uniform(random, 0.35, 0.7);
      drawSky(g, palette, horizon, random);
      if (random.nextDouble() < SUN_PROBABILITY) {
        drawSun(g, palette, horizon, random);
      }
      drawGround(g, palette, sceneClass.texture(), horizon, random);
      drawShapes(g, palette, sceneClass.shape(), horizon, random);
    } finally {
      g.dispose();
    }
    addNoiseAndBrightness(image, random);
    return image;
  }

  private void drawSky(Graphics2D g, Palette palette, double horizon, SplittableRandom random) {
    Color top = jitter(palette.skyTop, random);
    Color bottom = jitter(palette.skyBottom, random);
    g.setPaint(new GradientPaint(0, 0, top, 0, (float) horizon, bottom));
    g.fill(new Rectangle2D.Double(0, 0, size, horizon + 1));
  }

  /** A pale disc high in the sky: a distractor that looks like a small circle on every class. */
  private void drawSun(Graphics2D g, Palette palette, double horizon, SplittableRandom random) {
    double radius = size * uniform(random, 0.04, 0.08);
    double x = size * random.nextDouble();
    double y = horizon * uniform(random, 0.15, 0.6);
    g.setColor(jitter(mix(palette.skyBottom, Color.WHITE, 0.6), random));
    g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
  }

  private void drawGround(
      Graphics2D g, Palette palette, Texture texture, double horizon, SplittableRandom random) {
    Rectangle2D ground = new Rectangle2D.Double(0, horizon, size, size - horizon);
    g.setColor(jitter(palette.ground, random));
    g.fill(ground);
    if (texture == Texture.PLAIN) {
      return;
    }
    Shape oldClip = g.getClip();
    AffineTransform oldTransform = g.getTransform();
    g.clip(ground);
    g.setColor(jitter(palette.textureInk, random));
    double period = size * uniform(random, 0.06, 0.12);
    double phase = period * random.nextDouble();
    switch (texture) {
      case STRIPES -> drawStripes(g, horizon, period, phase, random);
      case CHECKS -> drawChecks(g, horizon, period, phase);
      case DOTS -> drawDots(g, horizon, period, phase, random);
      case WAVES -> drawWaves(g, horizon, period, phase, random);
      case PLAIN -> throw new AssertionError("plain ground has no texture");
    }
    g.setTransform(oldTransform);
    g.setClip(oldClip);
  }

  private void drawStripes(
      Graphics2D g, double horizon, double period, double phase, SplittableRandom random) {
    g.rotate(Math.toRadians(uniform(random, -25, 25)), size / 2.0, (horizon + size) / 2);
    for (double y = horizon - size + phase; y < 2 * size; y += period) {
      g.fill(new Rectangle2D.Double(-size, y, 3 * size, period / 2));
    }
  }

  private void drawChecks(Graphics2D g, double horizon, double period, double phase) {
    double cell = period / 2;
    int row = 0;
    for (double y = horizon - cell + phase / 2; y < size; y += cell, row++) {
      for (double x = (row % 2) * cell - phase; x < size; x += 2 * cell) {
        g.fill(new Rectangle2D.Double(x, y, cell, cell));
      }
    }
  }

  private void drawDots(Graphics2D g, double horizon, double period, double phase, SplittableRandom random) {
    double radius = period * uniform(random, 0.18, 0.3);
    for (double y = horizon + phase; y < size + period; y += period) {
      for (double x = phase - period; x < size + period; x += period) {
        double cx = x + period * uniform(random, -0.15, 0.15);
        double cy = y + period * uniform(random, -0.15, 0.15);
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
      }
    }
  }

  private void drawWaves(Graphics2D g, double horizon, double period, double phase, SplittableRandom random) {
    double wavelength = period * uniform(random, 2, 4);
    double amplitude = period * uniform(random, 0.2, 0.4);
    double shift = 2 * Math.PI * random.nextDouble();
    g.setStroke(new BasicStroke((float) (period / 3.5)));
    double step = Math.max(1, size / 64.0);
    for (double y0 = horizon + phase - period; y0 < size + period; y0 += period) {
      Path2D.Double wave = new Path2D.Double();
      wave.moveTo(0, y0 + amplitude * Math.sin(shift));
      for (double x = step; x <= size + step; x += step) {
        wave.lineTo(x, y0 + amplitude * Math.sin(2 * Math.PI * x / wavelength + shift));
      }
      g.draw(wave);
    }
  }

  private void drawShapes(
      Graphics2D g, Palette palette, ShapeKind kind, double horizon, SplittableRandom random) {
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      double extent = size * uniform(random, 0.12, 0.3);
      double x = size * random.nextDouble();
      double base = horizon + size * uniform(random, -0.05, 0.2);
      g.setColor(jitter(palette.shape, random));
      g.fill(shape(kind, x, base, extent, random));
    }
  }

  /** A shape of the given kind whose bottom sits near {@code base}, centred on {@code x}. */
  private static Shape shape(ShapeKind kind, double x, double base, double extent, SplittableRandom random) {
    return switch (kind) {
      case CIRCLES -> {
        double width = extent * uniform(random, 0.85, 1.15);
        yield new Ellipse2D.Double(x - width / 2, base - extent, width, extent);
      }
      case SQUARES -> new Rectangle2D.Double(x - extent / 2, base - extent, extent, extent);
      case TOWERS -> {
        double width = extent * uniform(random, 0.3, 0.45);
        double height = extent * uniform(random, 1.4, 1.9);
        yield new Rectangle2D.Double(x - width / 2, base - height, width, height);
      }
      case TRIANGLES -> polygon(x - extent / 2, base, x + extent / 2, base, x, base - extent);
      case DIAMONDS -> {
        double half = extent / 2;
        yield polygon(x, base, x + half, base - half, x, base - extent, x - half, base - half);
      }
    };
  }

  private static Shape polygon(double... xy) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      path.lineTo(xy[i], xy[i + 1]);
    }
    path.closePath();
    return path;
  }

  private static void addNoiseAndBrightness(BufferedImage image, SplittableRandom random) {
    int brightness = (int) (256 * uniform(random, MIN_BRIGHTNESS, MAX_BRIGHTNESS));
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < pixels.length; i++) {
      long bits = random.nextLong();
      int rgb = pixels[i];
      int r = adjust((rgb >> 16) & 0xff, brightness, bits);
      int g = adjust((rgb >> 8) & 0xff, brightness, bits >>> 16);
      int b = adjust(rgb & 0xff, brightness, bits >>> 32);
      pixels[i] = (r << 16) | (g << 8) | b;
    }
  }

  /**
   * Scales a channel by {@code brightness / 256} and adds noise made from two random bytes of {@code bits}:
   * triangular, mostly small. Integer arithmetic only; this runs three times per pixel.
   */
  private static int adjust(int channel, int brightness, long bits) {
    int noise = NOISE_BY_BYTE_SUM[(int) (bits & 0xff) + (int) ((bits >>> 8) & 0xff)];
    return clamp(((channel * brightness + 128) >> 8) + noise);
  }

  private static int[] noiseTable() {
    int[] table = new int[511];
    for (int sum = 0; sum < table.length; sum++) {
      table[sum] = (sum - 255) * PIXEL_NOISE / 255;
    }
    return table;
  }

  private static Color jitter(Color base, SplittableRandom random) {
    return new Color(
        clamp(base.getRed() + random.nextInt(-COLOUR_JITTER, COLOUR_JITTER + 1)),
        clamp(base.getGreen() + random.nextInt(-COLOUR_JITTER, COLOUR_JITTER + 1)),
        clamp(base.getBlue() + random.nextInt(-COLOUR_JITTER, COLOUR_JITTER + 1)));
  }

  private static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() * (1 - t) + b.getRed() * t),
        (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
        (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
  }

  private static double uniform(SplittableRandom random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }
}
