package dev.miniplaces.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.fixtures.SampleImages;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  /** JPEG is lossy; a flat colour comes back within a few levels. */
  private static final int JPEG_TOLERANCE = 6;

  private final ImageDecoder decoder = new ImageDecoder(ImageInspector.DEFAULT_MAX_PIXELS);

  @Test
  void pureCyanCmykBecomesCyanRgb() throws Exception {
    int[] cyanInk = {255, 0, 0, 0};
    for (boolean ycck : new boolean[] {false, true}) {
      BufferedImage rgb = decoder.decodeRgb(SampleImages.cmykJpeg(16, 16, cyanInk, ycck));
      assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
      assertRgbNear(rgb, 8, 8, new int[] {0, 255, 255}, 10);
    }
  }

  @Test
  void cmykInksMixLikeInks() throws Exception {
    BufferedImage red = decoder.decodeRgb(SampleImages.cmykJpeg(16, 16, new int[] {0, 255, 255, 0}, false));
    BufferedImage black = decoder.decodeRgb(SampleImages.cmykJpeg(16, 16, new int[] {0, 0, 0, 255}, true));
    BufferedImage paper = decoder.decodeRgb(SampleImages.cmykJpeg(16, 16, new int[] {0, 0, 0, 0}, false));
    int[] redPixel = rgbAt(red, 8, 8);
    assertThat(redPixel[0]).isGreaterThan(200);
    assertThat(redPixel[1]).isLessThan(80);
    assertThat(redPixel[2]).isLessThan(80);
    assertRgbNear(black, 8, 8, new int[] {0, 0, 0}, 60);
    assertRgbNear(paper, 8, 8, new int[] {255, 255, 255}, 15);
  }

  @Test
  void greyIsRepeatedIntoEveryChannelWithoutGammaShift() throws Exception {
    BufferedImage grey = SampleImages.grey(16, 16, 128);
    BufferedImage fromJpeg = decoder.decodeRgb(SampleImages.jpeg(grey, false));
    BufferedImage fromPng = decoder.decodeRgb(SampleImages.png(grey));
    assertRgbNear(fromJpeg, 3, 3, new int[] {128, 128, 128}, 2);
    assertThat(rgbAt(fromPng, 3, 3)).containsExactly(128, 128, 128);
    assertThat(rgbAt(decoder.decodeRgb(SampleImages.png(SampleImages.greyAlpha(4, 4, 90, 10))), 1, 1))
        .containsExactly(90, 90, 90);
  }

  @Test
  void alphaIsDroppedNotComposited() throws Exception {
    BufferedImage transparent = SampleImages.solid(4, 4, BufferedImage.TYPE_INT_ARGB, 0x10c86432);
    BufferedImage rgb = decoder.decodeRgb(SampleImages.png(transparent));
    assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(rgbAt(rgb, 2, 2)).containsExactly(0xc8, 0x64, 0x32);
  }

  @Test
  void palettesAreLookedUp() throws Exception {
    BufferedImage rgb = decoder.decodeRgb(SampleImages.png(SampleImages.palette(4, 4, true)));
    assertThat(rgbAt(rgb, 0, 0)).containsExactly(200, 100, 50);
    assertThat(rgbAt(rgb, 1, 0)).containsExactly(10, 20, 30);
  }

  @Test
  void rgbJpegsKeepTheirPixels() throws Exception {
    BufferedImage source = SampleImages.solid(16, 16, BufferedImage.TYPE_3BYTE_BGR, 0xff3080c0);
    BufferedImage rgb = decoder.decodeRgb(SampleImages.jpeg(source, true));
    assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertRgbNear(rgb, 8, 8, new int[] {0x30, 0x80, 0xc0}, JPEG_TOLERANCE);
  }

  @Test
  void refusesWhatTheInspectorRefusesWithTheSameReason() {
    byte[] whole = SampleImages.jpeg(SampleImages.rgb(16, 16, 1), false);
    byte[] truncated = Arrays.copyOf(whole, whole.length - 2);
    assertThatThrownBy(() -> decoder.decodeRgb(truncated))
        .isInstanceOf(RejectedImageException.class)
        .hasMessage("truncated or corrupt JPEG: Truncated File - Missing EOI marker");
  }

  @Test
  void theTrainingDecodeGivesTheStrictDecodesPixelsForEveryLayout() throws Exception {
    byte[][] images = {
        SampleImages.jpeg(SampleImages.rgb(40, 24, 3), false),
        SampleImages.jpeg(SampleImages.rgb(40, 24, 4), true),
        SampleImages.jpeg(SampleImages.grey(16, 16, 128), false),
        SampleImages.cmykJpeg(16, 16, new int[] {255, 0, 0, 0}, true),
        SampleImages.png(SampleImages.palette(4, 4, true)),
        SampleImages.png(SampleImages.rgb(9, 7, 5))};
    for (byte[] image : images) {
      // Twice: the second call reuses this thread's buffer.
      for (int call = 0; call < 2; call++) {
        RgbPixels fast = decoder.decodePixels(image);
        RgbPixels strict = RgbPixels.of(decoder.decodeRgb(image));
        assertThat(fast.width()).isEqualTo(strict.width());
        assertThat(fast.height()).isEqualTo(strict.height());
        int[] difference = new int[fast.bgr().length];
        for (int i = 0; i < difference.length; i++) {
          difference[i] = Math.abs((fast.bgr()[i] & 0xff) - (strict.bgr()[i] & 0xff));
        }
        // Both decode JPEGs with libjpeg; TwelveMonkeys may round its colour conversion differently.
        assertThat(Arrays.stream(difference).max().orElseThrow()).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void theTrainingDecodeRefusesWhatItCannotRead() throws Exception {
    byte[] whole = SampleImages.jpeg(SampleImages.rgb(16, 16, 1), false);
    assertThatThrownBy(() -> decoder.decodePixels(Arrays.copyOf(whole, 40)))
        .isInstanceOf(RejectedImageException.class);
    assertThatThrownBy(() -> decoder.decodePixels(new byte[] {1, 2, 3, 4}))
        .isInstanceOf(RejectedImageException.class).hasMessageContaining("not an image");
    assertThatThrownBy(() -> new ImageDecoder(100).decodePixels(whole))
        .isInstanceOf(RejectedImageException.class).hasMessageContaining("image too large");
    // A Huffman table that claims more codes than it holds: the fast reader fails, the strict one names it.
    byte[] badTable = whole.clone();
    for (int i = 2; i + 4 < badTable.length; i++) {
      if ((badTable[i] & 0xff) == 0xff && (badTable[i + 1] & 0xff) == 0xc4) {
        java.util.Arrays.fill(badTable, i + 5, i + 21, (byte) 0xff);
        break;
      }
    }
    assertThatThrownBy(() -> decoder.decodePixels(badTable)).isInstanceOf(RejectedImageException.class);
    // And the next image decodes on a fresh reader.
    assertThat(decoder.decodePixels(whole).width()).isEqualTo(16);
  }

  private static int[] rgbAt(BufferedImage image, int x, int y) {
    int rgb = image.getRGB(x, y);
    return new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
  }

  private static void assertRgbNear(BufferedImage image, int x, int y, int[] expected, int tolerance) {
    int[] actual = rgbAt(image, x, y);
    for (int c = 0; c < 3; c++) {
      assertThat(actual[c]).as("channel %d of %s", c, Arrays.toString(actual)).isCloseTo(expected[c], Offset.offset(tolerance));
    }
  }
}
