package dev.miniplaces.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaliencyGridsTest {

  /**
   * Two 4x4 grey images (black once min-max normalised); saliency 1 everywhere but one pixel of 9 in the first:
   * mean 1.25, threshold 2.5.
   */
  @Test
  void paintsRedWhereSaliencyExceedsTwiceTheGridsMean() {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        image.setRGB(x, y, 0x808080);
      }
    }
    float[] grey = dev.miniplaces.augment.Normalization.toChw(image);
    float[] map = new float[16];
    java.util.Arrays.fill(map, 1f);
    float[] hot = map.clone();
    hot[5] = 9f;
    BufferedImage grid = SaliencyGrids.overlay(List.of(new SaliencyGrids.Item(grey, hot, 4, "a"),
        new SaliencyGrids.Item(grey, map, 4, "b")));

    int scale = ImageGrid.MIN_TILE / 4;
    int redX = 2 + 1 * scale;
    int redY = 2 + 1 * scale;
    assertThat(grid.getRGB(redX, redY) & 0xffffff).as("the hot pixel").isEqualTo(0xff0000);
    assertThat(grid.getRGB(2, 2) & 0xffffff).as("a cool pixel stays black").isEqualTo(0);
  }

  @Test
  void statisticsDescribeConcentration() {
    float[] flat = new float[100];
    java.util.Arrays.fill(flat, 2f);
    SaliencyStatistics even = SaliencyStatistics.of(flat, 10);
    assertThat(even.top10Share()).isEqualTo(0.1f, org.assertj.core.api.Assertions.within(1e-6f));

    float[] spot = new float[100];
    spot[37] = 5f;
    SaliencyStatistics peaked = SaliencyStatistics.of(spot, 10);
    assertThat(peaked.top10Share()).isEqualTo(1f);
    assertThat(peaked.peakX()).isEqualTo(7);
    assertThat(peaked.peakY()).isEqualTo(3);
    assertThat(peaked.centroidX()).isEqualTo(7f);
    assertThat(peaked.max()).isEqualTo(5f);
    assertThat(peaked.mean()).isEqualTo(0.05f);
  }

  @Test
  void pngKeepsTheMapToWithinHalfAStep() {
    float[] map = {0f, 0.1f, 0.5f, 0.77f, 1.3f, 2f};
    float[] back = GrayPng.decode(GrayPng.encode(map, 3, 2f), 2f);
    for (int i = 0; i < map.length; i++) {
      assertThat(back[i]).isCloseTo(map[i], org.assertj.core.api.Assertions.within(2f / 510 + 1e-6f));
    }
  }
}
