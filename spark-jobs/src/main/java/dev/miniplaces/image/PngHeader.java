package dev.miniplaces.image;

/**
 * Reads a PNG's size and colour components from its IHDR chunk (and whether a palette has a tRNS chunk)
 * without inflating anything, so that oversized images can be refused before a decoder allocates their pixels.
 */
final class PngHeader {
  private static final int SIGNATURE_LENGTH = 8;
  private static final int CHUNK_OVERHEAD = 12; // length, type, CRC
  private static final int IHDR_LENGTH = 13;
  private static final int COLOUR_TYPE_PALETTE = 3;

  private PngHeader() {}

  /** Expects {@code encoded} to start with the PNG signature. */
  static ImageInfo read(byte[] encoded) throws RejectedImageException {
    int ihdr = SIGNATURE_LENGTH;
    if (encoded.length < ihdr + CHUNK_OVERHEAD + IHDR_LENGTH) {
      throw corrupt("file ends before the end of the IHDR chunk");
    }
    if (!chunkTypeIs(encoded, ihdr, "IHDR") || u32(encoded, ihdr) != IHDR_LENGTH) {
      throw corrupt("first chunk is not a 13-byte IHDR");
    }
    long width = u32(encoded, ihdr + 8);
    long height = u32(encoded, ihdr + 12);
    int colourType = encoded[ihdr + 17] & 0xff;
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw corrupt("IHDR gives size " + width + "x" + height);
    }
    int channels = switch (colourType) {
      case 0 -> 1;
      case 2 -> 3;
      case COLOUR_TYPE_PALETTE -> hasTransparencyChunk(encoded) ? 4 : 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> throw corrupt("IHDR gives unknown colour type " + colourType);
    };
    return new ImageInfo(ImageFormat.PNG, (int) width, (int) height, channels);
  }

  /** Whether a tRNS chunk comes before the image data, where the PNG specification requires it to be. */
  private static boolean hasTransparencyChunk(byte[] encoded) {
    int pos = SIGNATURE_LENGTH;
    while (pos + 8 <= encoded.length) {
      if (chunkTypeIs(encoded, pos, "tRNS")) {
        return true;
      }
      if (chunkTypeIs(encoded, pos, "IDAT")) {
        return false;
      }
      long next = pos + CHUNK_OVERHEAD + u32(encoded, pos);
      if (next > encoded.length) {
        return false; // truncated; the decoder will say so
      }
      pos = (int) next;
    }
    return false;
  }

  private static boolean chunkTypeIs(byte[] data, int chunkStart, String type) {
    for (int i = 0; i < 4; i++) {
      if (data[chunkStart + 4 + i] != type.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long u32(byte[] data, int offset) {
    return ((long) (data[offset] & 0xff) << 24)
        | ((data[offset + 1] & 0xff) << 16)
        | ((data[offset + 2] & 0xff) << 8)
        | (data[offset + 3] & 0xff);
  }

  private static RejectedImageException corrupt(String detail) {
    return new RejectedImageException(ImageFormat.PNG.corruptReason(detail));
  }
}
