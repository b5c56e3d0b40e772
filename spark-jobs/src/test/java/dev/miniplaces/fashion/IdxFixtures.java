package dev.miniplaces.fashion;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, and reads the real ones independently of {@link IdxReader}. */
final class IdxFixtures {
  private IdxFixtures() {}

  static void writeImages(Path file, boolean gzip, int magic, int size, byte[]... images) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(images.length);
    out.writeInt(size);
    out.writeInt(size);
    for (byte[] image : images) {
      out.write(image);
    }
    write(file, gzip, bytes.toByteArray());
  }

  static void writeLabels(Path file, boolean gzip, int magic, int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(labels.length);
    for (int label : labels) {
      out.writeByte(label);
    }
    write(file, gzip, bytes.toByteArray());
  }

  /** A 28×28 image whose every pixel is {@code value}, but for a marker pixel that tells images apart. */
  static byte[] image(int value, int marker) {
    byte[] image = new byte[28 * 28];
    java.util.Arrays.fill(image, (byte) value);
    image[marker] = (byte) 255;
    return image;
  }

  /**
   * The first {@code length} bytes after the header of a gzipped IDX file; {@code headerBytes} is 16 for images,
   * 8 for labels.
   */
  static byte[] gzippedPayload(Path file, int headerBytes, int length) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      in.skipNBytes(headerBytes);
      return in.readNBytes(length);
    }
  }

  private static void write(Path file, boolean gzip, byte[] content) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
  }
}
