package dev.miniplaces.fashion;

import static dev.miniplaces.fashion.IdxReader.IMAGES_MAGIC;
import static dev.miniplaces.fashion.IdxReader.LABELS_MAGIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MissingInputException;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.WrittenDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistImporterTest {
  private static final Path DEBIAN_FILES = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  @Test
  void importsTheRealFilesWithLabelsAndPixelsIntact() throws IOException {
    assumeTrue(
        Files.isDirectory(DEBIAN_FILES),
        "Fashion-MNIST is not installed at " + DEBIAN_FILES + " (Debian package dataset-fashion-mnist)");
    AtomicInteger progress = new AtomicInteger();
    Path root = dir.resolve("fashion");

    WrittenDataset result = importFrom(DEBIAN_FILES, root, FashionMnistOptions.defaults().withLimit(300), progress);

    assertThat(List.of(result.categories(), result.trainImages(), result.valImages(), result.testImages()))
        .containsExactly(10, 300, 300, 0);
    assertThat(progress.get()).isEqualTo(600);
    assertThat(Files.readAllLines(root.resolve("categories.txt")))
        .containsExactly(
            "/t/t-shirt_top 0", "/t/trouser 1", "/p/pullover 2", "/d/dress 3", "/c/coat 4", "/s/sandal 5",
            "/s/shirt 6", "/s/sneaker 7", "/b/bag 8", "/a/ankle_boot 9");
    assertThat(root.resolve("images/test")).isEmptyDirectory();
    assertThat(root.resolve("test.txt")).doesNotExist();

    byte[] trainLabels = IdxFixtures.gzippedPayload(DEBIAN_FILES.resolve("train-labels-idx1-ubyte.gz"), 8, 300);
    byte[] trainPixels = IdxFixtures.gzippedPayload(DEBIAN_FILES.resolve("train-images-idx3-ubyte.gz"), 16, 300 * 784);
    List<String> trainLines = Files.readAllLines(root.resolve("train.txt"));
    assertThat(trainLines).hasSize(300).isSortedAccordingTo((a, b) -> labelOf(a) - labelOf(b));
    for (String line : trainLines) {
      int label = labelOf(line);
      int number = Integer.parseInt(line.substring(line.lastIndexOf('/') + 1, line.indexOf(".png")));
      int source = nthIndexOf(trainLabels, label, number, 300);
      assertThat(pixels(root, line)).as(line).isEqualTo(slice(trainPixels, source));
    }

    byte[] valLabels = IdxFixtures.gzippedPayload(DEBIAN_FILES.resolve("t10k-labels-idx1-ubyte.gz"), 8, 300);
    byte[] valPixels = IdxFixtures.gzippedPayload(DEBIAN_FILES.resolve("t10k-images-idx3-ubyte.gz"), 16, 300 * 784);
    List<String> valLines = Files.readAllLines(root.resolve("val.txt"));
    assertThat(valLines).hasSize(300);
    for (int i = 0; i < valLines.size(); i++) {
      assertThat(valLines.get(i)).isEqualTo(String.format("val/%08d.png %d", i + 1, valLabels[i]));
      assertThat(pixels(root, valLines.get(i))).isEqualTo(slice(valPixels, i));
    }
  }

  @Test
  void importsPlainAndGzippedFilesNumberingTrainImagesPerClass() throws IOException {
    Path source = tinySource(true);
    Path root = dir.resolve("fashion");

    importFrom(source, root, FashionMnistOptions.defaults(), new AtomicInteger());

    assertThat(Files.readAllLines(root.resolve("train.txt")))
        .containsExactly(
            "train/t/t-shirt_top/00000001.png 0",
            "train/a/ankle_boot/00000001.png 9",
            "train/a/ankle_boot/00000002.png 9");
    assertThat(Files.readAllLines(root.resolve("val.txt")))
        .containsExactly("val/00000001.png 5", "val/00000002.png 2");
    assertThat(pixels(root, "train/a/ankle_boot/00000002.png 9")).isEqualTo(IdxFixtures.image(30, 2));
    assertThat(pixels(root, "val/00000002.png 2")).isEqualTo(IdxFixtures.image(50, 4));
  }

  @Test
  void resizesToTheRequestedSizeAsGreyscalePng() throws IOException {
    Path root = dir.resolve("fashion");

    importFrom(tinySource(false), root, FashionMnistOptions.defaults().withSize(64), new AtomicInteger());

    BufferedImage image = ImageIO.read(root.resolve("images/val/00000001.png").toFile());
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(64);
    assertThat(image.getColorModel().getNumComponents()).isEqualTo(1);
    assertThat(image.getRaster().getSample(40, 40, 0)).isEqualTo(40);
  }

  @Test
  void refusesAnImageFileWithTheWrongMagicNumber() throws IOException {
    Path source = tinySource(false);
    IdxFixtures.writeImages(source.resolve("train-images-idx3-ubyte"), false, LABELS_MAGIC, 28, IdxFixtures.image(1, 0));

    assertThatThrownBy(() -> importFrom(source, dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid IDX image file " + hadoopPath(source.resolve("train-images-idx3-ubyte"))
                + ": magic number 0x00000801, expected 0x00000803");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void refusesImagesOfTheWrongSize() throws IOException {
    Path source = tinySource(false);
    IdxFixtures.writeImages(source.resolve("t10k-images-idx3-ubyte"), false, IMAGES_MAGIC, 2, new byte[4]);

    assertThatThrownBy(() -> importFrom(source, dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("t10k-images-idx3-ubyte: images are 2×2 pixels, expected 28×28");
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    Path source = tinySource(false);
    Path labels = source.resolve("train-labels-idx1-ubyte");
    byte[] bytes = Files.readAllBytes(labels);
    Files.write(labels, java.util.Arrays.copyOf(bytes, bytes.length - 1));

    assertThatThrownBy(() -> importFrom(source, dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid IDX label file " + hadoopPath(labels) + ": the file ends before the 3 labels its header promises");
  }

  @Test
  void refusesImageAndLabelCountsThatDisagree() throws IOException {
    Path source = tinySource(false);
    IdxFixtures.writeLabels(source.resolve("t10k-labels-idx1-ubyte"), false, LABELS_MAGIC, 1, 2, 3);

    assertThatThrownBy(() -> importFrom(source, dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Fashion-MNIST test files disagree: 2 images in ")
        .hasMessageContaining(" but 3 labels in ");
  }

  @Test
  void refusesLabelsOutsideTheTenClasses() throws IOException {
    Path source = tinySource(false);
    IdxFixtures.writeLabels(source.resolve("t10k-labels-idx1-ubyte"), false, LABELS_MAGIC, 1, 10);

    assertThatThrownBy(() -> importFrom(source, dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("t10k-labels-idx1-ubyte: label 10 at index 1 is not a class id (0-9)");
  }

  @Test
  void namesAMissingFileOrFolder() throws IOException {
    Path source = tinySource(false);
    Files.delete(source.resolve("train-labels-idx1-ubyte"));

    assertThatThrownBy(() -> importFrom(source, dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("Fashion-MNIST train labels not found: " + hadoopPath(source.resolve("train-labels-idx1-ubyte")) + "[.gz]");
    assertThatThrownBy(
            () -> importFrom(dir.resolve("nowhere"), dir.resolve("out"), FashionMnistOptions.defaults(), new AtomicInteger()))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("Fashion-MNIST folder not found: " + hadoopPath(dir.resolve("nowhere")));
  }

  @Test
  void validatesOptionsNamingTheValue() {
    assertThatThrownBy(() -> FashionMnistOptions.defaults().withSize(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid size: 4 (must be between 8 and 1024)");
    assertThatThrownBy(() -> FashionMnistOptions.defaults().withLimit(0))
        .hasMessage("Invalid limit: 0 (must be >= 1)");
  }

  /** Train: labels 9, 0, 9; val (test files): labels 5, 2. Train files gzipped if asked, val files plain. */
  private Path tinySource(boolean gzipTrain) throws IOException {
    Path source = Files.createDirectories(dir.resolve("source"));
    String gz = gzipTrain ? ".gz" : "";
    IdxFixtures.writeImages(
        source.resolve("train-images-idx3-ubyte" + gz), gzipTrain, IMAGES_MAGIC, 28,
        IdxFixtures.image(10, 0), IdxFixtures.image(20, 1), IdxFixtures.image(30, 2));
    IdxFixtures.writeLabels(source.resolve("train-labels-idx1-ubyte" + gz), gzipTrain, LABELS_MAGIC, 9, 0, 9);
    IdxFixtures.writeImages(
        source.resolve("t10k-images-idx3-ubyte"), false, IMAGES_MAGIC, 28,
        IdxFixtures.image(40, 3), IdxFixtures.image(50, 4));
    IdxFixtures.writeLabels(source.resolve("t10k-labels-idx1-ubyte"), false, LABELS_MAGIC, 5, 2);
    return source;
  }

  private static WrittenDataset importFrom(
      Path source, Path root, FashionMnistOptions options, AtomicInteger progress) {
    Configuration conf = new Configuration();
    MiniPlacesWriter out = MiniPlacesWriter.forRoot(hadoopPath(root), conf);
    return new FashionMnistImporter(hadoopPath(source), conf).importTo(out, options, progress::addAndGet);
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path path) {
    return new org.apache.hadoop.fs.Path(path.toUri());
  }

  private static int labelOf(String line) {
    return Integer.parseInt(line.substring(line.indexOf(' ') + 1));
  }

  /** The index of the {@code n}-th (1-based) item with {@code label} among the first {@code limit}. */
  private static int nthIndexOf(byte[] labels, int label, int n, int limit) {
    int seen = 0;
    for (int i = 0; i < limit; i++) {
      if (labels[i] == label && ++seen == n) {
        return i;
      }
    }
    throw new AssertionError("no " + n + "-th item of class " + label);
  }

  private static byte[] slice(byte[] pixels, int index) {
    return java.util.Arrays.copyOfRange(pixels, index * 784, (index + 1) * 784);
  }

  /** The pixels of the image a label file line names. */
  private static byte[] pixels(Path root, String line) throws IOException {
    Path file = root.resolve("images").resolve(line.substring(0, line.indexOf(' ')));
    BufferedImage image = ImageIO.read(file.toFile());
    byte[] pixels = new byte[image.getWidth() * image.getHeight()];
    image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), pixels);
    return pixels;
  }
}
