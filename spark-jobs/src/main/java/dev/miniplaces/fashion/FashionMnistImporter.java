package dev.miniplaces.fashion;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MiniplacesException;
import dev.miniplaces.MissingInputException;
import dev.miniplaces.layout.Category;
import dev.miniplaces.layout.ImageEncoder;
import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.MiniPlacesLayout;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.SerialProgress;
import dev.miniplaces.layout.Split;
import dev.miniplaces.layout.WrittenDataset;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Imports Fashion-MNIST's IDX files (gzipped or plain, from any Hadoop filesystem) into the MiniPlaces layout:
 * the 60,000 training images become the train split, the 10,000 test images the val split, and the test split is
 * written empty (an {@code images/test} folder with no images and no label file), since Fashion-MNIST has no
 * third set.
 *
 * <p>Images are greyscale PNG files (lossless, one channel): {@code train/t/t-shirt_top/00000001.png}, numbered
 * per class in file order, and {@code val/00000001.png} in the order of the test files, so val image {@code n}
 * is test item {@code n - 1}. {@code train.txt} lists the classes in id order.
 *
 * <p>The 10 categories keep Fashion-MNIST's official label ids (T-shirt/top 0, Trouser 1, Pullover 2, Dress 3,
 * Coat 4, Sandal 5, Shirt 6, Sneaker 7, Bag 8, Ankle boot 9) under filesystem-safe names ({@code t-shirt_top},
 * {@code ankle_boot}). Unlike MiniPlaces, the ids are therefore <em>not</em> the alphabetical order of the
 * category paths; {@code categories.txt} lists them by id. Readers must take ids from that file, never from
 * sorting the paths.
 */
public final class FashionMnistImporter {
  /** Where Debian's dataset-fashion-mnist package puts the IDX files. */
  public static final String DEBIAN_SOURCE = "/usr/share/datasets/fashion-mnist";

  /** Fashion-MNIST's images are 28×28 pixels. */
  public static final int NATIVE_SIZE = 28;

  /** The category names, indexed by Fashion-MNIST's label id. */
  private static final List<String> NAMES =
      List.of(
          "t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
          "ankle_boot");

  private final FileSystem fs;
  private final Path sourceDir;
  private final ImageEncoder encoder = ImageEncoder.png();

  /** An importer of the four IDX files in {@code sourceDir}, on the filesystem its scheme names. */
  public FashionMnistImporter(Path sourceDir, Configuration conf) {
    try {
      this.fs = sourceDir.getFileSystem(conf);
    } catch (IOException e) {
      throw new MiniplacesException("Cannot open the filesystem of " + sourceDir + ": " + e.getMessage(), e);
    }
    this.sourceDir = sourceDir;
  }

  /** The 10 categories with their official ids; not in alphabetical order of their paths. */
  public static List<Category> categories() {
    List<Category> categories = new ArrayList<>();
    for (int id = 0; id < NAMES.size(); id++) {
      categories.add(new Category(id, Category.pathFor(NAMES.get(id))));
    }
    return List.copyOf(categories);
  }

  /**
   * Reads and validates the IDX files, then writes the dataset into the writer's root, which must be empty or
   * absent. Images are resized and encoded on all cores (the common fork-join pool).
   *
   * @param progress told the number of images just written (1 at a time); calls never overlap, but come from
   *     worker threads
   * @throws MissingInputException if the folder or one of its four files is absent
   * @throws InvalidInputException if a file is not a Fashion-MNIST IDX file or images and labels disagree
   */
  public WrittenDataset importTo(MiniPlacesWriter out, FashionMnistOptions options, IntConsumer progress) {
    requireSourceDir();
    SourceSplit train = read("train", "train", options.limit());
    SourceSplit val = read("t10k", "test", options.valLimit());
    out.requireEmptyRoot();
    IntConsumer serialProgress = new SerialProgress(progress);
    List<Category> categories = categories();
    out.writeCategories(categories);
    writeSplit(out, Split.TRAIN, train, trainImages(train.labels(), categories), options.size(), serialProgress);
    writeSplit(out, Split.VAL, val, valImages(val.labels()), options.size(), serialProgress);
    out.createSplitDir(Split.TEST);
    return new WrittenDataset(
        out.layout().root(), categories.size(), train.images().count(), val.images().count(), 0,
        out.bytesWritten());
  }

  /**
   * The IDX files of one Fashion-MNIST set, {@code prefix} being {@code train} or {@code t10k}. The
   * {@code setName} (train, test) names it in messages as Fashion-MNIST does.
   */
  private SourceSplit read(String prefix, String setName, int limit) {
    Path imagesFile = locate(prefix + "-images-idx3-ubyte", "Fashion-MNIST " + setName + " images");
    Path labelsFile = locate(prefix + "-labels-idx1-ubyte", "Fashion-MNIST " + setName + " labels");
    IdxImages images = IdxReader.readImages(fs, imagesFile, NATIVE_SIZE, NATIVE_SIZE, limit);
    byte[] labels = IdxReader.readLabels(fs, labelsFile, NAMES.size(), limit);
    if (images.count() != labels.length) {
      throw new InvalidInputException(
          "Fashion-MNIST " + setName + " files disagree: " + images.count() + " images in " + imagesFile + " but "
              + labels.length + " labels in " + labelsFile);
    }
    return new SourceSplit(images, labels);
  }

  private void requireSourceDir() {
    try {
      if (fs.getFileStatus(sourceDir).isDirectory()) {
        return;
      }
    } catch (FileNotFoundException e) {
      // reported below, as for a plain file
    } catch (IOException e) {
      throw new MiniplacesException("Cannot read " + sourceDir + ": " + e.getMessage(), e);
    }
    throw new MissingInputException("Fashion-MNIST folder", sourceDir);
  }

  /** The file gzipped ({@code name.gz}, as distributed) or else plain. */
  private Path locate(String name, String what) {
    Path gzipped = new Path(sourceDir, name + ".gz");
    Path plain = new Path(sourceDir, name);
    try {
      if (fs.exists(gzipped)) {
        return gzipped;
      }
      if (fs.exists(plain)) {
        return plain;
      }
    } catch (IOException e) {
      throw new MiniplacesException("Cannot read " + sourceDir + ": " + e.getMessage(), e);
    }
    throw new MissingInputException(what, new Path(sourceDir, name + "[.gz]"));
  }

  /** Train images numbered per class in file order; element i is source item i's image. */
  private List<LabelledImage> trainImages(byte[] labels, List<Category> categories) {
    int[] perClass = new int[categories.size()];
    List<LabelledImage> images = new ArrayList<>(labels.length);
    for (byte label : labels) {
      Category category = categories.get(label);
      String path = category.trainFolder() + "/" + fileName(++perClass[label]);
      images.add(new LabelledImage(Split.TRAIN, path, (int) label));
    }
    return images;
  }

  private List<LabelledImage> valImages(byte[] labels) {
    List<LabelledImage> images = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      images.add(new LabelledImage(Split.VAL, Split.VAL.id() + "/" + fileName(i + 1), (int) labels[i]));
    }
    return images;
  }

  private void writeSplit(
      MiniPlacesWriter out, Split split, SourceSplit source, List<LabelledImage> images, int size,
      IntConsumer progress) {
    out.createSplitDir(split);
    IntStream.range(0, images.size())
        .parallel()
        .forEach(
            i -> {
              byte[] pixels = BilinearResize.resize(source.images().image(i), NATIVE_SIZE, size);
              out.writeImage(images.get(i).relativePath(), encoder.encode(greyImage(pixels, size)));
              progress.accept(1);
            });
    out.writeLabelFile(split, split == Split.TRAIN ? byClassThenNumber(images) : images);
  }

  /** MiniPlaces' {@code train.txt} order: class by class, each class's images by number. */
  private static List<LabelledImage> byClassThenNumber(List<LabelledImage> images) {
    List<LabelledImage> sorted = new ArrayList<>(images);
    sorted.sort(Comparator.comparing(LabelledImage::label).thenComparing(LabelledImage::relativePath));
    return sorted;
  }

  private static BufferedImage greyImage(byte[] pixels, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, size, size, pixels);
    return image;
  }

  private String fileName(int number) {
    return MiniPlacesLayout.imageFileName(number, encoder.extension());
  }


  /** One Fashion-MNIST set read into memory: images and their labels, item for item. */
  private record SourceSplit(IdxImages images, byte[] labels) {}
}
