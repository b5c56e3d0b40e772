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

  /**
   * Decodes an image for training, as fast as this JVM can: the header is checked as in {@link #decodeRgb}
   * (format, size limit), three-channel JPEGs then take {@link FastJpegDecoding}, which trusts that ingest
   * validated their data, and everything else the strict path.
   *
   * @return pixels that may live in this thread's reused buffer: valid until its next call
   * @throws RejectedImageException for a header {@link #decodeRgb} refuses, or data neither path can decode
   */
  public RgbPixels decodePixels(byte[] encoded) throws RejectedImageException {
    ImageInfo info = StrictDecoding.readHeader(encoded, maxPixels);
    if (info.format() == ImageFormat.JPEG) {
      RgbPixels fast = FastJpegDecoding.decode(encoded, info);
      if (fast != null) {
        return fast;
      }
    }
    return RgbPixels.of(decodeRgb(encoded));
  }
}
