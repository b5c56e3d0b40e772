package dev.miniplaces.image;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The image formats told apart by their first bytes. Only {@link #isAccepted() accepted} formats are ingested;
 * the others are recognised so that a refusal can say what the file is.
 */
public enum ImageFormat {
  JPEG(true),
  PNG(true),
  GIF(false),
  BMP(false),
  WEBP(false),
  TIFF(false);

  private final boolean accepted;

  ImageFormat(boolean accepted) {
    this.accepted = accepted;
  }

  /** Whether ingest decodes and keeps images of this format. */
  public boolean isAccepted() {
    return accepted;
  }

  /** The accepted formats, in declaration order. */
  public static List<ImageFormat> accepted() {
    return Arrays.stream(values()).filter(ImageFormat::isAccepted).toList();
  }

  /** The accepted formats as a refusal names them: {@code JPEG, PNG}. */
  static String acceptedNames() {
    return accepted().stream().map(ImageFormat::name).collect(Collectors.joining(", "));
  }

  /** The refusal of a file of this format that its reader cannot make sense of. */
  String corruptReason(String detail) {
    return "truncated or corrupt " + name() + ": " + detail;
  }

  /** The format whose magic bytes start {@code encoded}, whatever the file name says; empty if none matches. */
  public static Optional<ImageFormat> sniff(byte[] encoded) {
    if (startsWith(encoded, 0, 0xff, 0xd8, 0xff)) {
      return Optional.of(JPEG);
    }
    if (startsWith(encoded, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
      return Optional.of(PNG);
    }
    if (startsWith(encoded, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(encoded, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (startsWith(encoded, 0, 'R', 'I', 'F', 'F') && startsWith(encoded, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(encoded, 0, 'I', 'I', 42, 0) || startsWith(encoded, 0, 'M', 'M', 0, 42)) {
      return Optional.of(TIFF);
    }
    // Two bytes alone would also match text starting "BM"; the BITMAPFILEHEADER's reserved words are zero.
    if (startsWith(encoded, 0, 'B', 'M') && startsWith(encoded, 6, 0, 0, 0, 0)) {
      return Optional.of(BMP);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, int... expected) {
    if (data.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((data[offset + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
