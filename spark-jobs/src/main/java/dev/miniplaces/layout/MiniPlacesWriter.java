package dev.miniplaces.layout;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MiniplacesException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a dataset in the {@link MiniPlacesLayout} to any Hadoop filesystem: {@code categories.txt}, the label
 * files and the encoded images. Existing files are overwritten. {@link #writeImage} may be called from many
 * threads at once; the text files are written whole, once each.
 *
 * <p>On the local filesystem ({@code file:}) files are written with {@code java.nio} instead: without Hadoop's
 * native library (absent from hadoop-client-api) its local filesystem starts a {@code chmod} process for every
 * file and folder it creates, which makes writing 100,000 small images take many times longer, and its checksummed
 * variant adds a {@code .crc} file beside each image.
 */
public final class MiniPlacesWriter {
  private final FileSystem fs;
  private final MiniPlacesLayout layout;
  private final boolean local;
  private final AtomicLong bytesWritten = new AtomicLong();

  /** A writer into {@code layout}'s root, which must be a path of {@code fs}. */
  public MiniPlacesWriter(FileSystem fs, MiniPlacesLayout layout) {
    this.fs = fs;
    this.layout = new MiniPlacesLayout(fs.makeQualified(layout.root()));
    this.local = "file".equals(fs.getUri().getScheme());
  }

  /** A writer into {@code root} on the filesystem its scheme names (the default filesystem if none). */
  public static MiniPlacesWriter forRoot(Path root, Configuration conf) {
    try {
      return new MiniPlacesWriter(root.getFileSystem(conf), new MiniPlacesLayout(root));
    } catch (IOException e) {
      throw new MiniplacesException("Cannot open the filesystem of " + root + ": " + e.getMessage(), e);
    }
  }

  public MiniPlacesLayout layout() {
    return layout;
  }

  /** Bytes written so far by this writer, text files and images together. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** Refuses a root that already holds files, so two datasets never mix; a missing root is fine. */
  public void requireEmptyRoot() {
    Path root = layout.root();
    try {
      FileStatus[] children = fs.listStatus(root);
      if (children.length > 0) {
        throw new InvalidInputException("Output folder is not empty: " + root);
      }
    } catch (FileNotFoundException e) {
      return;
    } catch (IOException e) {
      throw new MiniplacesException("Cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code categories.txt}, one {@code /a/abbey 0} line per category in id order. The ids must be
   * exactly 0..n-1, since label files refer to classes by id.
   */
  public void writeCategories(List<Category> categories) {
    List<Category> byId = new ArrayList<>(categories);
    byId.sort(Comparator.comparingInt(Category::id));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < byId.size(); i++) {
      Category category = byId.get(i);
      if (category.id() != i) {
        throw new IllegalArgumentException(
            "Category ids must be 0.." + (byId.size() - 1) + " without gaps or repeats, found " + category);
      }
      text.append(category.path()).append(' ').append(category.id()).append('\n');
    }
    writeText(layout.categoriesFile(), text);
  }

  /**
   * Writes a split's label file, one {@code train/a/abbey/00000001.jpg 0} line per image in the given order,
   * with LF line endings. The test split has no label file and is refused, as are unlabelled images.
   */
  public void writeLabelFile(Split split, List<LabelledImage> images) {
    Path file = layout.labelFile(split);
    StringBuilder text = new StringBuilder();
    for (LabelledImage image : images) {
      if (image.split() != split || image.label() == null) {
        throw new IllegalArgumentException("Not a labelled " + split + " image: " + image);
      }
      text.append(image.relativePath()).append(' ').append(image.label()).append('\n');
    }
    writeText(file, text);
  }

  /**
   * Writes one encoded image at its path relative to {@code images/} ({@code train/a/abbey/00000001.jpg}),
   * creating the folders above it. Safe to call from many threads at once.
   */
  public void writeImage(String relativePath, byte[] encoded) {
    write(layout.image(relativePath), encoded);
  }

  /** Creates a split's image folder even when no image goes into it, so readers can list it. */
  public void createSplitDir(Split split) {
    Path dir = layout.splitDir(split);
    try {
      if (local) {
        Files.createDirectories(Paths.get(dir.toUri()));
      } else {
        fs.mkdirs(dir);
      }
    } catch (IOException e) {
      throw new MiniplacesException("Cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  private void writeText(Path file, CharSequence text) {
    write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void write(Path file, byte[] bytes) {
    try {
      if (local) {
        java.nio.file.Path localFile = Paths.get(file.toUri());
        Files.createDirectories(localFile.getParent());
        Files.write(localFile, bytes);
      } else {
        try (OutputStream out = fs.create(file, true)) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new MiniplacesException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    bytesWritten.addAndGet(bytes.length);
  }
}
