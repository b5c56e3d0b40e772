package dev.miniplaces.ingest;

import dev.miniplaces.MissingInputException;
import dev.miniplaces.layout.Categories;
import dev.miniplaces.layout.LabelFile;
import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.MiniPlacesLayout;
import dev.miniplaces.layout.Rejection;
import dev.miniplaces.layout.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * What a source folder says it holds, read on the driver from the small files only (categories, label files, the
 * test folder's listing); no image is opened here. A missing folder or label file stops the ingest at once.
 *
 * @param categories the class list
 * @param images per split, the images to read: labelled splits in label-file order, test sorted by path
 * @param rejections label lines refused while reading the label files
 * @param repeatedLines identical label lines beyond the first, which count once
 */
record SourceManifest(
    Categories categories, Map<Split, List<LabelledImage>> images, List<Rejection> rejections, int repeatedLines) {

  /** Reads the manifest of {@code splits}, each of which must exist (see {@link #present}). */
  static SourceManifest read(FileSystem fs, MiniPlacesLayout layout, Set<Split> splits) {
    requireExists(fs, layout.root(), "Source folder");
    requireExists(fs, layout.imagesDir(), "Image folder");
    for (Split split : splits) {
      requireExists(fs, marker(layout, split),
          split.isLabelled() ? "Label file of the " + split + " split" : "Image folder of the " + split + " split");
    }
    Categories categories = Categories.read(fs, layout.categoriesFile());

    Map<Split, List<LabelledImage>> images = new EnumMap<>(Split.class);
    List<Rejection> rejections = new ArrayList<>();
    int repeated = 0;
    for (Split split : Split.values()) {
      if (!splits.contains(split)) {
        continue;
      }
      if (split.isLabelled()) {
        LabelFile.Parsed parsed = LabelFile.read(fs, layout, split, categories);
        images.put(split, parsed.images());
        rejections.addAll(parsed.rejections());
        repeated += parsed.repeatedLines();
      } else {
        images.put(split, listUnlabelled(fs, layout, split));
      }
    }
    return new SourceManifest(categories, images, List.copyOf(rejections), repeated);
  }

  /**
   * The splits a source holds: a labelled split where its label file exists, the test split where its image
   * folder does. None at all is an error naming what was looked for.
   */
  static Set<Split> present(FileSystem fs, MiniPlacesLayout layout) {
    requireExists(fs, layout.root(), "Source folder");
    Set<Split> present = EnumSet.noneOf(Split.class);
    for (Split split : Split.values()) {
      if (exists(fs, marker(layout, split))) {
        present.add(split);
      }
    }
    if (present.isEmpty()) {
      throw new MissingInputException("A split (train.txt, val.txt or images/test)", fs.makeQualified(
          layout.root()));
    }
    return present;
  }

  /** The file whose presence says a source has a split: its label file, or the test split's image folder. */
  static Path marker(MiniPlacesLayout layout, Split split) {
    return split.isLabelled() ? layout.labelFile(split) : layout.splitDir(split);
  }

  /** {@link #marker}'s path within the source, as messages name it: {@code train.txt}, {@code images/test}. */
  static String markerName(Split split) {
    return split.labelFileName().orElse(MiniPlacesLayout.IMAGES_DIR + "/" + split.id());
  }

  int imageCount() {
    return images.values().stream().mapToInt(List::size).sum();
  }

  /** Every file under the split's folder, recursively; non-images among them are refused later, by content. */
  private static List<LabelledImage> listUnlabelled(FileSystem fs, MiniPlacesLayout layout, Split split) {
    String imagesRoot = fs.makeQualified(layout.imagesDir()).toUri().getPath();
    List<LabelledImage> images = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(layout.splitDir(split), true);
      while (files.hasNext()) {
        String absolute = files.next().getPath().toUri().getPath();
        images.add(new LabelledImage(split, absolute.substring(imagesRoot.length() + 1), null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + layout.splitDir(split), e);
    }
    images.sort(Comparator.comparing(LabelledImage::relativePath));
    return images;
  }

  private static void requireExists(FileSystem fs, Path path, String what) {
    if (!exists(fs, path)) {
      throw new MissingInputException(what, fs.makeQualified(path));
    }
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path, e);
    }
  }
}
