package dev.miniplaces.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/** Brings any decoded image to 8-bit RGB in {@link BufferedImage#TYPE_3BYTE_BGR}. */
final class RgbConversion {
  private RgbConversion() {}

  static BufferedImage toBgr(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      return fromGrey(image);
    }
    return fromRgbColourModel(image);
  }

  /**
   * Copies the grey samples into R, G and B. Not through {@code getRGB}: Java2D treats an 8-bit grey colour
   * space as linear and would brighten the mid-tones on the way to sRGB.
   */
  private static BufferedImage fromGrey(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    Raster grey = image.getRaster();
    int shift = grey.getSampleModel().getSampleSize(0) - 8; // 16-bit PNG greys keep their top 8 bits
    BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster out = rgb.getRaster();
    int[] row = new int[width];
    int[] rowRgb = new int[width * 3];
    for (int y = 0; y < height; y++) {
      grey.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        int value = row[x] >> shift;
        rowRgb[3 * x] = value;
        rowRgb[3 * x + 1] = value;
        rowRgb[3 * x + 2] = value;
      }
      out.setPixels(0, y, width, 1, rowRgb);
    }
    return rgb;
  }

  /** RGB, RGBA, palette and 16-bit images, through their colour model; the alpha byte is ignored. */
  private static BufferedImage fromRgbColourModel(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      rgb.setRGB(0, y, width, 1, row, 0, width);
    }
    return rgb;
  }
}
