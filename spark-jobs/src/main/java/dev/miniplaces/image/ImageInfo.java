package dev.miniplaces.image;

import java.io.Serializable;

/**
 * What an accepted image is, as its header declares it.
 *
 * @param format the format its bytes are in (not the one its file name suggests)
 * @param width width in pixels, > 0
 * @param height height in pixels, > 0
 * @param channels colour components of the source image, alpha included: 1 grey, 2 grey + alpha, 3 RGB or
 *     YCbCr (and PNG palettes), 4 RGBA (and PNG palettes with a tRNS chunk) or CMYK/YCCK
 */
public record ImageInfo(ImageFormat format, int width, int height, int channels) implements Serializable {

  public ImageInfo {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
    }
    if (channels < 1 || channels > 4) {
      throw new IllegalArgumentException("Channels must be 1 to 4, got " + channels);
    }
  }

  /** Width times height, as a long: a header may declare more pixels than an int holds. */
  public long pixels() {
    return (long) width * height;
  }
}
