package dev.miniplaces.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.layout.WrittenDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthDatasetWriterTest {
  private static final SynthSpec SPEC = new SynthSpec(6, 3, 2, 2, 24, 42);

  @TempDir Path dir;

  @Test
  void writesTheMiniPlacesLayout() throws IOException {
    AtomicInteger progress = new AtomicInteger();
    Path root = dir.resolve("synth");

    WrittenDataset result = write(SPEC, root, progress);

    assertThat(result.categories()).isEqualTo(6);
    assertThat(List.of(result.trainImages(), result.valImages(), result.testImages())).containsExactly(18, 12, 12);
    assertThat(result.root().toUri().getPath()).isEqualTo(root.toString());
    assertThat(progress.get()).isEqualTo(SPEC.totalImages());
    assertThat(result.bytesWritten()).isEqualTo(totalBytes(root));

    assertThat(Files.readAllLines(root.resolve("categories.txt")))
        .containsExactly(
            "/d/dawn_circles_checks 0",
            "/d/dawn_diamonds/plain 1",
            "/d/dusk_diamonds_dots 2",
            "/f/fog_squares/plain 3",
            "/n/night_towers_stripes 4",
            "/n/noon_triangles_waves 5");
    assertThat(Files.readAllLines(root.resolve("train.txt")))
        .startsWith("train/d/dawn_circles_checks/00000001.jpg 0", "train/d/dawn_circles_checks/00000002.jpg 0")
        .contains("train/d/dawn_diamonds/plain/00000003.jpg 1", "train/n/noon_triangles_waves/00000003.jpg 5")
        .hasSize(18);
    assertThat(Files.readAllLines(root.resolve("val.txt")))
        .hasSize(12)
        .allMatch(line -> line.matches("val/000000(0[1-9]|1[0-2])\\.jpg [0-5]"));
    assertThat(Files.readString(root.resolve("val.txt"))).doesNotContain("\r");
    assertThat(root.resolve("test.txt")).doesNotExist();

    assertThat(root.resolve("images/train/d/dawn_diamonds/plain")).isDirectory();
    assertThat(filesUnder(root.resolve("images/train"))).hasSize(18);
    assertThat(filesUnder(root.resolve("images/val"))).hasSize(12);
    assertThat(filesUnder(root.resolve("images/test")))
        .hasSize(12)
        .contains(root.resolve("images/test/00000001.jpg"), root.resolve("images/test/00000012.jpg"));
  }

  @Test
  void imagesDecodeAtTheRequestedSize() throws IOException {
    Path root = dir.resolve("synth");
    write(SPEC, root, new AtomicInteger());

    for (Path image : filesUnder(root.resolve("images"))) {
      BufferedImage decoded = ImageIO.read(image.toFile());
      assertThat(decoded).as("%s", image).isNotNull();
      assertThat(decoded.getWidth()).isEqualTo(24);
      assertThat(decoded.getHeight()).isEqualTo(24);
    }
  }

  @Test
  void sameSpecWritesByteIdenticalFiles() throws IOException {
    write(SPEC, dir.resolve("first"), new AtomicInteger());
    write(SPEC, dir.resolve("second"), new AtomicInteger());

    Map<Path, byte[]> first = contents(dir.resolve("first"));
    Map<Path, byte[]> second = contents(dir.resolve("second"));
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((file, bytes) -> assertThat(second.get(file)).as("%s", file).isEqualTo(bytes));
  }

  @Test
  void anotherSeedWritesOtherImagesUnderTheSameCategories() throws IOException {
    SynthSpec reseeded = new SynthSpec(6, 3, 2, 2, 24, 43);
    write(SPEC, dir.resolve("first"), new AtomicInteger());
    write(reseeded, dir.resolve("second"), new AtomicInteger());

    Path image = Path.of("images/train/d/dawn_circles_checks/00000001.jpg");
    assertThat(Files.readAllBytes(dir.resolve("second").resolve(image)))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("first").resolve(image)));
    assertThat(dir.resolve("second/categories.txt")).hasSameTextualContentAs(dir.resolve("first/categories.txt"));
  }

  private static WrittenDataset write(SynthSpec spec, Path root, AtomicInteger progress) {
    MiniPlacesWriter out = MiniPlacesWriter.forRoot(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration());
    return new SynthDatasetWriter(spec).writeTo(out, progress::addAndGet);
  }

  private static List<Path> filesUnder(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static long totalBytes(Path root) throws IOException {
    long total = 0;
    for (Path file : filesUnder(root)) {
      total += Files.size(file);
    }
    return total;
  }

  private static Map<Path, byte[]> contents(Path root) throws IOException {
    Map<Path, byte[]> contents = new TreeMap<>();
    for (Path file : filesUnder(root)) {
      contents.put(root.relativize(file), Files.readAllBytes(file));
    }
    return contents;
  }
}
