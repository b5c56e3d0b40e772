package dev.miniplaces.layout;

import org.apache.hadoop.fs.Path;

/**
 * Where things live in a dataset folder of the MiniPlaces layout, on any Hadoop filesystem:
 *
 * <pre>
 * ROOT/categories.txt        /a/abbey 0 ... one line per class, ids in alphabetical order of the paths
 * ROOT/train.txt             train/a/abbey/00000001.jpg 0 ... path relative to images/, label id
 * ROOT/val.txt               val/00000001.jpg 71
 * ROOT/images/train/&lt;letter&gt;/&lt;category&gt;[/&lt;sub&gt;]/NNNNNNNN.jpg
 * ROOT/images/val/NNNNNNNN.jpg
 * ROOT/images/test/NNNNNNNN.jpg   (no label file)
 * </pre>
 */
public final class MiniPlacesLayout {
  public static final String CATEGORIES_FILE = "categories.txt";
  public static final String IMAGES_DIR = "images";
  /** Image files are numbered with eight digits, so a folder holds at most this many. */
  public static final int MAX_IMAGES_PER_FOLDER = 99_999_999;

  private final Path root;

  public MiniPlacesLayout(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path categoriesFile() {
    return new Path(root, CATEGORIES_FILE);
  }

  public Path imagesDir() {
    return new Path(root, IMAGES_DIR);
  }

  /** The folder holding a split's images: {@code images/train}. */
  public Path splitDir(Split split) {
    return new Path(imagesDir(), split.id());
  }

  /** The label file of a labelled split: {@code train.txt}; throws for the test split, which has none. */
  public Path labelFile(Split split) {
    String name =
        split.labelFileName().orElseThrow(() -> new IllegalArgumentException("The " + split + " split has no label file"));
    return new Path(root, name);
  }

  /** An image's location from its path relative to {@code images/}, as the label files write it. */
  public Path image(String relativePath) {
    return new Path(imagesDir(), relativePath);
  }

  /**
   * The file name of the {@code number}-th image (1-based) of a folder, as MiniPlaces numbers them:
   * {@code 00000001.jpg}.
   */
  public static String imageFileName(int number, String extension) {
    if (number < 1 || number > MAX_IMAGES_PER_FOLDER) {
      throw new IllegalArgumentException(
          "Image number must be between 1 and " + MAX_IMAGES_PER_FOLDER + ", got " + number);
    }
    return String.format("%08d.%s", number, extension);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
