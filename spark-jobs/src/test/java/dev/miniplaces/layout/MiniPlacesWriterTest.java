package dev.miniplaces.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniPlacesWriterTest {
  @TempDir java.nio.file.Path dir;

  private java.nio.file.Path root;
  private MiniPlacesWriter writer;

  @BeforeEach
  void setUp() {
    root = dir.resolve("dataset");
    writer = MiniPlacesWriter.forRoot(new Path(root.toUri()), new Configuration());
  }

  @Test
  void writesCategoriesInIdOrder() throws IOException {
    writer.writeCategories(List.of(new Category(1, "/b/bakery/shop"), new Category(0, "/a/abbey")));

    assertThat(Files.readString(root.resolve("categories.txt"))).isEqualTo("/a/abbey 0\n/b/bakery/shop 1\n");
  }

  @Test
  void refusesCategoryIdsWithGaps() {
    assertThatThrownBy(() -> writer.writeCategories(List.of(new Category(0, "/a/abbey"), new Category(2, "/b/bar"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Category ids must be 0..1 without gaps or repeats, found Category[id=2, path=/b/bar]");
  }

  @Test
  void writesLabelFileLinesWithLf() throws IOException {
    writer.writeLabelFile(
        Split.TRAIN,
        List.of(
            new LabelledImage(Split.TRAIN, "train/a/abbey/00000001.jpg", 0),
            new LabelledImage(Split.TRAIN, "train/b/bakery/shop/00000001.jpg", 1)));

    assertThat(Files.readString(root.resolve("train.txt")))
        .isEqualTo("train/a/abbey/00000001.jpg 0\ntrain/b/bakery/shop/00000001.jpg 1\n");
  }

  @Test
  void refusesALabelFileForTheTestSplit() {
    assertThatThrownBy(() -> writer.writeLabelFile(Split.TEST, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The test split has no label file");
  }

  @Test
  void refusesUnlabelledImagesInALabelFile() {
    LabelledImage unlabelled = new LabelledImage(Split.VAL, "val/00000001.jpg", null);

    assertThatThrownBy(() -> writer.writeLabelFile(Split.VAL, List.of(unlabelled)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Not a labelled val image: ");
  }

  @Test
  void writesImagesFromManyThreadsCreatingFolders() throws IOException {
    List<String> paths =
        IntStream.range(0, 200).mapToObj(i -> "train/c/class" + (i % 7) + "/sub/" + i + ".jpg").toList();

    paths.parallelStream().forEach(p -> writer.writeImage(p, p.getBytes(StandardCharsets.UTF_8)));

    long expectedBytes = 0;
    for (String p : paths) {
      assertThat(Files.readString(root.resolve("images").resolve(p))).isEqualTo(p);
      expectedBytes += p.length();
    }
    assertThat(writer.bytesWritten()).isEqualTo(expectedBytes);
  }

  @Test
  void leavesNoChecksumFilesOnTheLocalFilesystem() throws IOException {
    writer.writeImage("val/00000001.jpg", new byte[] {1, 2, 3});

    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()))
          .containsExactly("images/val/00000001.jpg");
    }
  }

  @Test
  void acceptsAMissingOrEmptyRootButNotAFullOne() throws IOException {
    writer.requireEmptyRoot();
    Files.createDirectories(root);
    writer.requireEmptyRoot();
    Files.writeString(root.resolve("stray.txt"), "x");

    assertThatThrownBy(writer::requireEmptyRoot)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Output folder is not empty: " + writer.layout().root());
  }

  @Test
  void namesImageFilesWithEightDigits() {
    assertThat(MiniPlacesLayout.imageFileName(1, "jpg")).isEqualTo("00000001.jpg");
    assertThat(MiniPlacesLayout.imageFileName(12345, "png")).isEqualTo("00012345.png");
    assertThatThrownBy(() -> MiniPlacesLayout.imageFileName(0, "jpg"))
        .hasMessage("Image number must be between 1 and 99999999, got 0");
  }
}
