package dev.miniplaces.augment;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.Random;

/**
 * Applies an {@link Augmentation} to decoded images, and the evaluation transform. Stateless apart from its
 * configuration: randomness comes from the caller's {@link Random}, so a seed per image and epoch makes every
 * epoch's augmentation reproducible on any executor.
 */
public final class Augmenter implements Serializable {
  private static final Object[] INTERPOLATIONS = {
      RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR,
      RenderingHints.VALUE_INTERPOLATION_BILINEAR,
      RenderingHints.VALUE_INTERPOLATION_BICUBIC};

  private final Augmentation config;

  public Augmenter(Augmentation config) {
    this.config = config;
  }

  public Augmentation config() {
    return config;
  }

  /** One training sample: normalised CHW floats, {@code outputSize} square. */
  public float[] augment(BufferedImage image, Random random) {
    return Normalization.toChw(augmentPixels(image, random));
  }

  /** The evaluation input: the image scaled to {@code size} square (bilinear, no crop), mirrored if asked. */
  public static float[] evaluation(BufferedImage image, int size, boolean mirror) {
    BufferedImage scaled = resize(image, new Rectangle(0, 0, image.getWidth(), image.getHeight()), size, size,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    return Normalization.toChw(mirror ? flip(scaled) : scaled);
  }

  /** The augmented pixels, before normalisation. */
  BufferedImage augmentPixels(BufferedImage image, Random random) {
    Object interpolation = config.randomInterpolation()
        ? INTERPOLATIONS[random.nextInt(INTERPOLATIONS.length)] : RenderingHints.VALUE_INTERPOLATION_BILINEAR;
    BufferedImage x = scaleShorterSide(image, config.scaleSize(), interpolation);
    if (config.flipProbability() > 0 && random.nextDouble() < config.flipProbability()) {
      x = flip(x);
    }
    if (config.colourGain() > 0) {
      x = colourGain(x, random);
    }
    if (config.maxRotationDegrees() > 0) {
      double degrees = (2 * random.nextDouble() - 1) * config.maxRotationDegrees();
      if (Math.abs(degrees) > 1) {
        x = rotateAndCrop(x, Math.toRadians(degrees));
      }
    }
    Rectangle crop = CropSampler.sample(x.getWidth(), x.getHeight(), config, random);
    return resize(x, crop, config.outputSize(), config.outputSize(), RenderingHints.VALUE_INTERPOLATION_BILINEAR);
  }

  static BufferedImage scaleShorterSide(BufferedImage image, int shorter, Object interpolation) {
    int w = image.getWidth();
    int h = image.getHeight();
    int newW = w <= h ? shorter : (int) Math.round((double) w * shorter / h);
    int newH = w <= h ? (int) Math.round((double) h * shorter / w) : shorter;
    return resize(image, new Rectangle(0, 0, w, h), newW, newH, interpolation);
  }

  static BufferedImage flip(BufferedImage image) {
    int w = image.getWidth();
    BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, new AffineTransform(-1, 0, 0, 1, w, 0), null);
    g.dispose();
    return out;
  }

  /** Multiplies each channel by its own gain, clipping at 255. */
  private BufferedImage colourGain(BufferedImage image, Random random) {
    double c = config.colourGain();
    double[] gain = {1 + (2 * random.nextDouble() - 1) * c, 1 + (2 * random.nextDouble() - 1) * c,
        1 + (2 * random.nextDouble() - 1) * c};
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int r = Math.min(255, (int) Math.round(((p >> 16) & 0xff) * gain[0]));
      int gr = Math.min(255, (int) Math.round(((p >> 8) & 0xff) * gain[1]));
      int b = Math.min(255, (int) Math.round((p & 0xff) * gain[2]));
      rgb[i] = (r << 16) | (gr << 8) | b;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  /**
   * Rotates about the centre and keeps the largest axis-aligned rectangle that lies inside the rotated image, so
   * no corner of empty canvas enters the sample. One pixel of margin absorbs the interpolation at its edges.
   */
  static BufferedImage rotateAndCrop(BufferedImage image, double radians) {
    int w = image.getWidth();
    int h = image.getHeight();
    double[] inside = largestInscribedRectangle(w, h, radians);
    int outW = Math.max(1, (int) Math.floor(inside[0]) - 2);
    int outH = Math.max(1, (int) Math.floor(inside[1]) - 2);
    BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = new AffineTransform();
    t.translate(outW / 2.0, outH / 2.0);
    t.rotate(radians);
    t.translate(-w / 2.0, -h / 2.0);
    g.drawImage(image, t, null);
    g.dispose();
    return out;
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

  static BufferedImage resize(BufferedImage image, Rectangle from, int width, int height, Object interpolation) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    g.drawImage(image, 0, 0, width, height, from.x, from.y, from.x + from.width, from.y + from.height, null);
    g.dispose();
    return out;
  }
}
