package dev.miniplaces.analysis;

import dev.miniplaces.MiniplacesException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A map of non-negative values as an 8-bit greyscale PNG, each value as a fraction of the map's maximum: about
 * a tenth of the floats' size for a saliency map, readable by any image viewer, and back to floats to within
 * max / 510 given the maximum (kept next to it).
 */
public final class GrayPng {
  private GrayPng() {}

  public static byte[] encode(float[] map, int width, float max) {
    int height = map.length / width;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < map.length; i++) {
      pixels[i] = (byte) (max > 0 ? Math.round(255 * Math.min(1f, Math.max(0f, map[i] / max))) : 0);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new MiniplacesException("Cannot encode a saliency map as PNG: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /** The map's values, row-major, scaled back by {@code max}. */
  public static float[] decode(byte[] png, float max) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null || image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
        throw new IllegalArgumentException("Not an 8-bit greyscale PNG");
      }
      byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      float[] map = new float[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        map[i] = (pixels[i] & 0xff) / 255f * max;
      }
      return map;
    } catch (IOException e) {
      throw new IllegalArgumentException("Unreadable saliency PNG: " + e.getMessage(), e);
    }
  }
}
