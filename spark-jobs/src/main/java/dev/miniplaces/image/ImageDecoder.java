package dev.miniplaces.image;

import java.awt.image.BufferedImage;
import java.io.Serializable;

/**
 * Decodes accepted images into 8-bit RGB pixels, the one layout training reads, under the same rules as
 * {@link ImageInspector}. Serializable and stateless, for use on Spark executors.
 */
public final class ImageDecoder implements Serializable {
  private final long maxPixels;

  /** @param maxPixels the largest width x height decoded, > 0 (see {@link ImageInspector#ImageInspector}) */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("Invalid maxPixels: " + maxPixels + " (must be > 0)");
    }
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes an image to {@link BufferedImage#TYPE_3BYTE_BGR}: grey is repeated into R, G and B, alpha is
   * dropped (not composited), CMYK and YCCK are converted to RGB by the TwelveMonkeys reader.
   *
   * @throws RejectedImageException for the same defects, with the same reasons, as {@link ImageInspector}
   */
  public BufferedImage decodeRgb(byte[] encoded) throws RejectedImageException {
    return RgbConversion.toBgr(StrictDecoding.decode(encoded, maxPixels).image());
  }
}
