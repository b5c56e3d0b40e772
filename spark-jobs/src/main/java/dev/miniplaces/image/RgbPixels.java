package dev.miniplaces.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;

/**
 * Decoded 8-bit pixels as the decoders leave them: rows top to bottom, each pixel B, G, R ({@link
 * BufferedImage#TYPE_3BYTE_BGR}'s layout), no padding.
 *
 * @param bgr {@code 3 * width * height} bytes
 */
public record RgbPixels(byte[] bgr, int width, int height) {

  public RgbPixels {
    if (bgr.length < 3 * width * height) {
      throw new IllegalArgumentException(
          "Pixels of " + width + "x" + height + " need " + 3 * width * height + " bytes, got " + bgr.length);
    }
  }

  /** The pixels of a {@link BufferedImage#TYPE_3BYTE_BGR} image: its own buffer when packed, else a copy. */
  public static RgbPixels of(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      throw new IllegalArgumentException("Expected a TYPE_3BYTE_BGR image, got type " + image.getType());
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (isPacked(image)) {
      return new RgbPixels(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), w, h);
    }
    byte[] copy = new byte[3 * w * h];
    image.getRaster().getDataElements(0, 0, w, h, copy);
    return new RgbPixels(copy, w, h);
  }

  /** Whether the raster's buffer is exactly this layout (not a sub-image, no row padding). */
  private static boolean isPacked(BufferedImage image) {
    return image.getRaster().getParent() == null
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0
        && image.getSampleModel() instanceof PixelInterleavedSampleModel model
        && model.getScanlineStride() == 3 * image.getWidth() && model.getPixelStride() == 3;
  }
}
