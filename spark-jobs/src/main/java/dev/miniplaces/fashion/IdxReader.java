package dev.miniplaces.fashion;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MiniplacesException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the IDX files MNIST and Fashion-MNIST ship in: a big-endian header (magic number {@code 0x0000080N}
 * for unsigned bytes in N dimensions, then each dimension's length) followed by the bytes. Gzipped files are
 * recognised by their content, not their name. Only the first {@code limit} items are read; a file shorter
 * than its header promises (up to that limit) is refused, as is one with the wrong magic number.
 */
final class IdxReader {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  private static final int GZIP_MAGIC = 0x1f8b;

  private IdxReader() {}

  /** Reads up to {@code limit} images, which must be {@code rows × columns} pixels. */
  static IdxImages readImages(FileSystem fs, Path file, int rows, int columns, int limit) {
    try (DataInputStream in = open(fs, file)) {
      checkMagic(in, file, "image", IMAGES_MAGIC);
      int count = in.readInt();
      int fileRows = in.readInt();
      int fileColumns = in.readInt();
      checkCount(file, "image", count);
      if (fileRows != rows || fileColumns != columns) {
        throw invalid(file, "image", "images are " + fileRows + "×" + fileColumns + " pixels, expected " + rows + "×" + columns);
      }
      int read = Math.min(count, limit);
      byte[] pixels = new byte[read * rows * columns];
      readFully(in, pixels, file, "image", read + " images");
      return new IdxImages(read, rows, columns, pixels);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** Reads up to {@code limit} labels, each of which must be below {@code classes}. */
  static byte[] readLabels(FileSystem fs, Path file, int classes, int limit) {
    try (DataInputStream in = open(fs, file)) {
      checkMagic(in, file, "label", LABELS_MAGIC);
      int count = in.readInt();
      checkCount(file, "label", count);
      byte[] labels = new byte[Math.min(count, limit)];
      readFully(in, labels, file, "label", labels.length + " labels");
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= classes) {
          throw invalid(file, "label", "label " + Byte.toUnsignedInt(labels[i]) + " at index " + i
              + " is not a class id (0-" + (classes - 1) + ")");
        }
      }
      return labels;
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static DataInputStream open(FileSystem fs, Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(fs.open(file), 1 << 16);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    boolean gzipped = ((first << 8) | second) == GZIP_MAGIC;
    InputStream content = gzipped ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    return new DataInputStream(content);
  }

  private static void checkMagic(DataInputStream in, Path file, String kind, int expected) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw invalid(file, kind, "the file is too short for an IDX header");
    }
    if (magic != expected) {
      throw invalid(file, kind, String.format("magic number 0x%08X, expected 0x%08X", magic, expected));
    }
  }

  private static void checkCount(Path file, String kind, int count) {
    if (count < 0) {
      throw invalid(file, kind, "negative item count " + count);
    }
  }

  private static void readFully(DataInputStream in, byte[] into, Path file, String kind, String what)
      throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw invalid(file, kind, "the file ends before the " + what + " its header promises");
    }
  }

  private static InvalidInputException invalid(Path file, String kind, String problem) {
    return new InvalidInputException("Invalid IDX " + kind + " file " + file + ": " + problem);
  }

  private static MiniplacesException unreadable(Path file, IOException e) {
    if (e instanceof ZipException) {
      return new InvalidInputException("Invalid IDX file " + file + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
    return new MiniplacesException("Cannot read " + file + ": " + e.getMessage(), e);
  }
}
