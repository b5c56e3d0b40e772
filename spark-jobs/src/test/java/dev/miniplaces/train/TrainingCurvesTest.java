package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training curves rendered headless to PNG files that read back as drawn charts. */
class TrainingCurvesTest {
  @TempDir Path dir;

  @Test
  void drawsLossAndAccuracyCurves() throws Exception {
    List<TrainingMetrics.Iteration> iterations = new ArrayList<>();
    for (int i = 0; i < 200; i += 10) {
      double lr = 0.05 * (1 + Math.cos(Math.PI * i / 200));
      iterations.add(new TrainingMetrics.Iteration(i, i / 50, 4.6 * Math.exp(-i / 80.0), lr));
    }
    List<TrainingMetrics.Epoch> epochs = List.of(
        new TrainingMetrics.Epoch(1, 10, 30, 12, 33, 60, 800),
        new TrainingMetrics.Epoch(2, 25, 52, 24, 50, 58, 830),
        new TrainingMetrics.Epoch(3, 38, 66, 33, 61, 59, 820));

    List<org.apache.hadoop.fs.Path> files = TrainingCurves.write(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toString()), iterations, epochs);

    assertThat(files).extracting(org.apache.hadoop.fs.Path::getName).containsExactly("loss.png", "accuracy.png");
    for (String name : new String[] {"loss.png", "accuracy.png"}) {
      BufferedImage png = ImageIO.read(dir.resolve("curves").resolve(name).toFile());
      assertThat(png.getWidth()).isEqualTo(900);
      assertThat(png.getHeight()).isEqualTo(500);
      assertThat(distinctColours(png)).as(name).isGreaterThan(5); // axes, text and several coloured series
    }
  }

  @Test
  void writesNothingWithoutData() throws Exception {
    List<org.apache.hadoop.fs.Path> files = TrainingCurves.write(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toString()), List.of(), List.of());

    assertThat(files).isEmpty();
    assertThat(dir.resolve("curves")).doesNotExist();
  }

  private static long distinctColours(BufferedImage image) {
    return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
        .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
  }
}
