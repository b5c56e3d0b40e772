package dev.miniplaces.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.miniplaces.fixtures.SampleImages;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.ImageInspector;
import dev.miniplaces.image.RgbPixels;
import dev.miniplaces.layout.Split;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.synth.SyntheticScenes;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass augmentation against the step-by-step reference ({@link Augmenter}) on the same draws: equal
 * within interpolation error (one resampling against three), measured in grey levels of the 0-255 pixel scale.
 */
class FusedAugmenterTest {
  private static final Augmentation REFERENCE = Augmentation.reference();
  private static final int SIZE = REFERENCE.outputSize();

  /** Mean and largest absolute difference per kernel, over the interior (the edges clamp differently). */
  private record Errors(double mean, double max) {}

  private static Errors compare(BufferedImage image, AugmentationDraw draw) {
    float[] reference = Normalization.toChw(new Augmenter(REFERENCE).render(image, draw));
    float[] fused = new float[3 * SIZE * SIZE];
    new FusedAugmenter(REFERENCE).render(RgbPixels.of(image), draw, java.nio.FloatBuffer.wrap(fused), 0);
    double sum = 0;
    double max = 0;
    int count = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = 1; y < SIZE - 1; y++) {
        for (int x = 1; x < SIZE - 1; x++) {
          int i = (c * SIZE + y) * SIZE + x;
          double levels = Math.abs(fused[i] - reference[i]) * Normalization.STD[c] * 255;
          sum += levels;
          max = Math.max(max, levels);
          count++;
        }
      }
    }
    return new Errors(sum / count, max);
  }

  /** Smooth colour waves: any error of geometry (crop, rotation, flip, scale) shows as a large difference. */
  private static BufferedImage smooth(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (int) (127 + 120 * Math.sin(x / 9.0));
        int g = (int) (127 + 120 * Math.cos(y / 11.0));
        int b = (int) (255.0 * (x + y) / (w + h));
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  @Test
  void onSmoothImagesEveryDrawMatchesTheReferenceGeometry() {
    for (int[] size : new int[][] {{140, 120}, {128, 128}, {96, 150}}) {
      BufferedImage image = smooth(size[0], size[1]);
      for (int seed = 0; seed < 40; seed++) {
        AugmentationDraw draw = AugmentationDraw.draw(REFERENCE, size[0], size[1], new Random(seed));
        Errors errors = compare(image, draw);
        if (draw.interpolation() == Interpolation.NEAREST) {
          // Nearest is blocky in one pass, smoothed by the reference's later bilinear steps.
          assertThat(errors.mean()).as("seed %d %s", seed, draw).isLessThan(2.5);
          assertThat(errors.max()).as("seed %d %s", seed, draw).isLessThan(20);
        } else {
          assertThat(errors.mean()).as("seed %d %s", seed, draw).isLessThan(0.6);
          assertThat(errors.max()).as("seed %d %s", seed, draw).isLessThan(4);
        }
      }
    }
  }

  @Test
  void onSceneJpegsTheMeanDifferenceIsInterpolationError() throws Exception {
    SyntheticScenes scenes = new SyntheticScenes(new SynthSpec(10, 3, 1, 1, 128, 7));
    ImageDecoder decoder = new ImageDecoder(ImageInspector.DEFAULT_MAX_PIXELS);
    Map<Interpolation, Double> worst = new EnumMap<>(Interpolation.class);
    for (int index = 0; index < 30; index++) {
      byte[] jpeg = SampleImages.jpeg(scenes.render(Split.TRAIN, index), false);
      BufferedImage image = decoder.decodeRgb(jpeg);
      AugmentationDraw draw = AugmentationDraw.draw(REFERENCE, 128, 128, new Random(index));
      worst.merge(draw.interpolation(), compare(image, draw).mean(), Math::max);
    }
    assertThat(worst).containsOnlyKeys(Interpolation.values());
    assertThat(worst.get(Interpolation.BILINEAR)).isLessThan(3);
    assertThat(worst.get(Interpolation.BICUBIC)).isLessThan(3);
    assertThat(worst.get(Interpolation.NEAREST)).isLessThan(6);
  }

  @Test
  void withEveryStepOffAPlainColourStaysThatColourExactly() {
    BufferedImage plain = SampleImages.solid(50, 70, BufferedImage.TYPE_3BYTE_BGR, 0xffc86432);
    float[] out = new FusedAugmenter(Augmentation.none(40, 32)).augment(RgbPixels.of(plain), new Random(1));
    int plane = 32 * 32;
    for (int i = 0; i < plane; i++) {
      assertThat(out[i]).isCloseTo((200 / 255f - 0.485f) / 0.229f, offset(1e-5f));
      assertThat(out[plane + i]).isCloseTo((100 / 255f - 0.456f) / 0.224f, offset(1e-5f));
      assertThat(out[2 * plane + i]).isCloseTo((50 / 255f - 0.406f) / 0.225f, offset(1e-5f));
    }
  }

  @Test
  void gainsClipAtWhiteAndTheSeedDecidesEverything() {
    BufferedImage white = SampleImages.solid(64, 64, BufferedImage.TYPE_3BYTE_BGR, 0xffffffff);
    FusedAugmenter augmenter = new FusedAugmenter(Augmentation.reference(40, 32));
    float[] a = augmenter.augment(RgbPixels.of(white), new Random(9));
    float[] b = augmenter.augment(RgbPixels.of(white), new Random(9));
    assertThat(a).containsExactly(b);
    float[][] range = Normalization.pixelRange();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 32 * 32; i++) {
        assertThat(a[c * 32 * 32 + i]).isBetween(range[0][c], range[1][c] + 1e-6f);
      }
    }
  }
}
