package dev.miniplaces.fashion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FashionMnistBilinearResizeTest {

  @Test
  void keepsTheSameSizeUntouched() {
    byte[] pixels = {1, 2, 3, 4};

    assertThat(BilinearResize.resize(pixels, 2, 2)).isSameAs(pixels);
  }

  @Test
  void interpolatesBetweenPixelCentresAndClampsAtTheBorder() {
    byte[] pixels = {0, (byte) 200, 0, (byte) 200};

    assertThat(BilinearResize.resize(pixels, 2, 4))
        .containsExactly(0, 50, (byte) 150, (byte) 200, 0, 50, (byte) 150, (byte) 200, 0, 50, (byte) 150, (byte) 200,
            0, 50, (byte) 150, (byte) 200);
  }

  @Test
  void averagesWhenHalving() {
    byte[] pixels = {0, 100, 0, 100, 0, 100, 0, 100, 0, 100, 0, 100, 0, 100, 0, 100};

    assertThat(BilinearResize.resize(pixels, 4, 2)).containsExactly(50, 50, 50, 50);
  }
}
