package dev.miniplaces.augment;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.Random;

/**
 * Applies an {@link Augmentation} to decoded images step by step, each step a Java2D image as the reference
 * describes it, and the evaluation transform. Training runs {@link FusedAugmenter}, the same steps in one
 * resampling and 10x faster; this one is its specification, which its tests and {@code benchmark input} compare
 * it against. Stateless apart from its configuration: randomness comes from the caller's {@link Random}, so a
 * seed per image and epoch makes every epoch's augmentation reproducible on any executor.
 */
public final class Augmenter implements Serializable {
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
    return render(image, AugmentationDraw.draw(config, image.getWidth(), image.getHeight(), random));
  }

  /** The reference's steps one after the other, each a Java2D image: the specification {@link FusedAugmenter} meets. */
  BufferedImage render(BufferedImage image, AugmentationDraw draw) {
    BufferedImage x = resize(image, new Rectangle(0, 0, image.getWidth(), image.getHeight()), draw.scaledWidth(),
        draw.scaledHeight(), draw.interpolation().java2dHint());
    if (draw.flip()) {
      x = flip(x);
    }
    if (config.colourGain() > 0) {
      x = colourGain(x, draw.gains());
    }
    if (draw.rotated()) {
      x = rotateAndCrop(x, draw.radians(), draw.rotatedWidth(), draw.rotatedHeight());
    }
    Rectangle crop = draw.crop();
    return resize(x, crop, config.outputSize(), config.outputSize(), RenderingHints.VALUE_INTERPOLATION_BILINEAR);
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
  private static BufferedImage colourGain(BufferedImage image, double[] gain) {
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
   * Rotates about the centre and keeps the centred {@code outW} x {@code outH} rectangle, which
   * {@link AugmentationDraw} sizes to lie inside the rotated image, so no corner of empty canvas enters the sample.
   */
  static BufferedImage rotateAndCrop(BufferedImage image, double radians, int outW, int outH) {
    int w = image.getWidth();
    int h = image.getHeight();
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

  static BufferedImage resize(BufferedImage image, Rectangle from, int width, int height, Object interpolation) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    g.drawImage(image, 0, 0, width, height, from.x, from.y, from.x + from.width, from.y + from.height, null);
    g.dispose();
    return out;
  }
}
