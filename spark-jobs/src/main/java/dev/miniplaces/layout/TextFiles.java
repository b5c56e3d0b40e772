package dev.miniplaces.layout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The small text files of the layout (label files, categories), read whole through Hadoop's FileSystem. */
final class TextFiles {
  private TextFiles() {}

  static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Lines split on LF, CRLF or CR, numbered as editors number them (index + 1). */
  static List<String> lines(String text) {
    return text.lines().toList();
  }
}
