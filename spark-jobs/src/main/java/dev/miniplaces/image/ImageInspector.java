package dev.miniplaces.image;

import java.io.Serializable;

/**
 * Validates encoded images for ingest: an image is accepted only if it is a JPEG or PNG (whatever its file
 * name says), no larger than the pixel limit, and decodes completely without a single decoder warning.
 * Everything else is refused with a {@link RejectedImageException} whose reason names the defect.
 *
 * <p>Costs about one decode per image. Serializable and stateless, so one instance can travel to Spark
 * executors and be shared by their task threads (each thread keeps its own ImageIO readers).
 */
public final class ImageInspector implements Serializable {
  /** The default pixel limit: 100 megapixels, about 400 MB once decoded, far above MiniPlaces' 128x128. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private final long maxPixels;

  /**
   * @param maxPixels the largest width x height accepted, > 0; checked from the header, before decoding, so
   *     that a small file declaring a huge image (a decompression bomb) never reaches a decoder
   */
  public ImageInspector(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("Invalid maxPixels: " + maxPixels + " (must be > 0)");
    }
    this.maxPixels = maxPixels;
  }

  /** The largest width x height this inspector accepts. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Decodes {@code encoded} fully and describes it.
   *
   * @throws RejectedImageException with a specific reason if the bytes are empty, not an image, an
   *     unaccepted format, larger than the pixel limit, truncated or corrupt
   * @throws IllegalStateException if this JVM cannot decode at all (the TwelveMonkeys JPEG reader is missing)
   */
  public ImageInfo inspect(byte[] encoded) throws RejectedImageException {
    return StrictDecoding.decode(encoded, maxPixels).info();
  }
}
