package dev.miniplaces.image;

/**
 * Reads a JPEG's size and component count from its frame header (SOFn marker) without decoding anything, so
 * that oversized images can be refused before a decoder allocates their pixels.
 */
final class JpegHeader {
  private static final int SOI_LENGTH = 2;
  private static final int SOS = 0xda;
  private static final int EOI = 0xd9;

  private JpegHeader() {}

  /** Walks the marker segments from SOI up to the first SOFn; expects {@code encoded} to start with SOI. */
  static ImageInfo read(byte[] encoded) throws RejectedImageException {
    int pos = SOI_LENGTH;
    while (true) {
      if (pos + 1 >= encoded.length) {
        throw corrupt("file ends before the frame header (SOF)");
      }
      if ((encoded[pos] & 0xff) != 0xff) {
        throw corrupt("expected a marker at byte " + pos + ", found 0x" + hex(encoded[pos]));
      }
      int marker = encoded[pos + 1] & 0xff;
      if (marker == 0xff) {
        pos++; // fill byte before a marker
        continue;
      }
      if (isStandalone(marker)) {
        pos += 2;
        continue;
      }
      if (marker == SOS || marker == EOI) {
        throw corrupt("no frame header (SOF) before marker 0x" + Integer.toHexString(marker));
      }
      if (pos + 3 >= encoded.length) {
        throw corrupt("file ends inside marker 0x" + Integer.toHexString(marker));
      }
      int segmentLength = u16(encoded, pos + 2);
      if (isStartOfFrame(marker)) {
        return frameHeader(encoded, pos + 4, segmentLength);
      }
      if (segmentLength < 2) {
        throw corrupt("marker 0x" + Integer.toHexString(marker) + " has invalid length " + segmentLength);
      }
      pos += 2 + segmentLength;
    }
  }

  /** SOFn: precision (1 byte), height (2), width (2), component count Nf (1). */
  private static ImageInfo frameHeader(byte[] encoded, int start, int segmentLength) throws RejectedImageException {
    if (segmentLength < 8 || start + 6 > encoded.length) {
      throw corrupt("file ends inside the frame header (SOF)");
    }
    int height = u16(encoded, start + 1);
    int width = u16(encoded, start + 3);
    int components = encoded[start + 5] & 0xff;
    if (width == 0 || height == 0) {
      // Height 0 means "given later by a DNL marker", which the JPEG readers do not support either.
      throw corrupt("frame header gives size " + width + "x" + height);
    }
    if (components < 1 || components > 4) {
      throw corrupt("frame header gives " + components + " components (expected 1 to 4)");
    }
    return new ImageInfo(ImageFormat.JPEG, width, height, components);
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
  }

  /** Markers without a length: TEM, RST0..7 (SOI and EOI are handled by the caller's walk). */
  private static boolean isStandalone(int marker) {
    return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8);
  }

  private static int u16(byte[] data, int offset) {
    return ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xff);
  }

  private static RejectedImageException corrupt(String detail) {
    return new RejectedImageException(ImageFormat.JPEG.corruptReason(detail));
  }
}
