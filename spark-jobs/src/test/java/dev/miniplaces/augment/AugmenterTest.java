package dev.miniplaces.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each step of the reference augmentation on real Java2D images, and the evaluation transform. */
class AugmenterTest {
  private static BufferedImage filled(int w, int h, Color colour) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  /** Red left half, blue right half: mirroring shows. */
  private static BufferedImage halves(int w, int h) {
    BufferedImage image = filled(w, h, Color.RED);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(w / 2, 0, w - w / 2, h);
    g.dispose();
    return image;
  }

  @Test
  void theReferenceRecipeGivesNormalisedSamplesReproducibleFromTheSeed() {
    Augmenter augmenter = new Augmenter(Augmentation.reference());
    BufferedImage image = halves(200, 170);

    float[] a = augmenter.augment(image, new Random(7));
    float[] b = augmenter.augment(image, new Random(7));
    float[] c = augmenter.augment(image, new Random(8));

    assertThat(a).hasSize(3 * 128 * 128).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
    // Normalised red and blue lie within [(0 - mean) / std, (1 - mean) / std] of each channel.
    for (float v : a) {
      assertThat(v).isBetween(-2.2f, 2.7f);
    }
  }

  @Test
  void withEveryStepOffAPlainColourStaysThatColourExactly() {
    Augmenter augmenter = new Augmenter(Augmentation.none(40, 32));

    float[] out = augmenter.augment(filled(50, 70, new Color(200, 100, 50)), new Random(1));

    int plane = 32 * 32;
    assertThat(out[0]).isCloseTo((200 / 255f - 0.485f) / 0.229f, offset(1e-6f));
    assertThat(out[plane]).isCloseTo((100 / 255f - 0.456f) / 0.224f, offset(1e-6f));
    assertThat(out[2 * plane + plane - 1]).isCloseTo((50 / 255f - 0.406f) / 0.225f, offset(1e-6f));
  }

  @Test
  void aCertainFlipMirrorsTheImage() {
    Augmentation off = Augmentation.none(64, 64);
    Augmentation flipOnly = new Augmentation(64, 64, false, 1.0, 0, 0, 1, 1, 1);
    BufferedImage image = halves(64, 64);

    BufferedImage plain = new Augmenter(off).augmentPixels(image, new Random(3));
    BufferedImage flipped = new Augmenter(flipOnly).augmentPixels(image, new Random(3));

    assertThat(new Color(plain.getRGB(5, 30))).isEqualTo(Color.RED);
    assertThat(new Color(flipped.getRGB(5, 30))).isEqualTo(Color.BLUE);
    assertThat(new Color(flipped.getRGB(60, 30))).isEqualTo(Color.RED);
  }

  @Test
  void colourGainsStayInTheirRangeAndApplyPerChannel() {
    Augmentation gainOnly = new Augmentation(32, 32, false, 0, 0.15, 0, 1, 1, 1);
    for (int seed = 0; seed < 20; seed++) {
      BufferedImage out = new Augmenter(gainOnly).augmentPixels(filled(32, 32, new Color(100, 100, 100)),
          new Random(seed));
      Color c = new Color(out.getRGB(10, 10));
      for (int channel : new int[] {c.getRed(), c.getGreen(), c.getBlue()}) {
        assertThat(channel).isBetween(85, 115);
      }
      assertThat(out.getRGB(31, 31)).isEqualTo(out.getRGB(0, 0));
    }
    // Bright pixels clip at 255 instead of wrapping around.
    BufferedImage white = new Augmenter(gainOnly).augmentPixels(filled(32, 32, Color.WHITE), new Random(2));
    assertThat(new Color(white.getRGB(3, 3)).getRed()).isGreaterThanOrEqualTo(216);
  }

  @Test
  void rotationKeepsOnlyPixelsOfTheImage() {
    BufferedImage white = filled(160, 200, Color.WHITE);
    for (double degrees : new double[] {-15, -7.5, 3, 15}) {
      double radians = Math.toRadians(degrees);
      int[] inside = AugmentationDraw.insideRotation(160, 200, radians);
      BufferedImage out = Augmenter.rotateAndCrop(white, radians, inside[0], inside[1]);
      assertThat(out.getWidth()).isLessThan(160);
      for (int y = 0; y < out.getHeight(); y++) {
        for (int x = 0; x < out.getWidth(); x++) {
          assertThat(new Color(out.getRGB(x, y)).getRed()).as("(%d, %d) at %s°", x, y, degrees)
              .isGreaterThanOrEqualTo(250);
        }
      }
    }
  }

  @Test
  void theInscribedRectangleMatchesGeometry() {
    assertThat(AugmentationDraw.largestInscribedRectangle(100, 60, 0)).containsExactly(100, 60);
    // A square turned by 45° holds a square of half its area.
    double[] square = AugmentationDraw.largestInscribedRectangle(100, 100, Math.PI / 4);
    assertThat(square[0]).isCloseTo(100 / Math.sqrt(2), offset(1e-9));
    assertThat(square[1]).isCloseTo(100 / Math.sqrt(2), offset(1e-9));
  }

  @Test
  void cropsHaveTheirAreaAndAspectAndStayInside() {
    Augmentation reference = Augmentation.reference();
    Random random = new Random(5);
    for (int i = 0; i < 500; i++) {
      Rectangle r = CropSampler.sample(213, 160, reference, random);
      assertThat(new Rectangle(0, 0, 213, 160).contains(r)).as("%s", r).isTrue();
      double area = (double) r.width * r.height / (213 * 160);
      double aspect = (double) r.width / r.height;
      assertThat(area).isBetween(0.24, 1.0);
      assertThat(aspect).isBetween(0.79, 1.21);
    }
    // A strip no crop can fit in ten tries: the centred crop at the aspect limit.
    Rectangle fallback = CropSampler.sample(400, 40, new Augmentation(40, 32, false, 0, 0, 0, 1, 0.8, 1.2),
        new Random(1));
    assertThat(fallback).isEqualTo(new Rectangle(176, 0, 48, 40));
  }

  @Test
  void evaluationScalesWithoutCropAndMirrorsOnRequest() {
    BufferedImage image = halves(90, 60);

    float[] plain = Augmenter.evaluation(image, 160, false);
    float[] mirrored = Augmenter.evaluation(image, 160, true);

    assertThat(plain).hasSize(3 * 160 * 160);
    int plane = 160 * 160;
    float red = (1f - 0.485f) / 0.229f;
    assertThat(plain[10 * 160 + 5]).isCloseTo(red, offset(1e-5f)); // red channel, left
    assertThat(mirrored[10 * 160 + 154]).isCloseTo(red, offset(1e-5f)); // red channel, right
    assertThat(mirrored[2 * plane + 10 * 160 + 5]).isCloseTo((1f - 0.406f) / 0.225f, offset(1e-5f)); // blue, left
  }

  @Test
  void badSettingsNameThemselves() {
    assertThatThrownBy(() -> new Augmentation(160, 200, true, 0.5, 0.15, 15, 0.25, 0.8, 1.2))
        .hasMessageContaining("output size");
    assertThatThrownBy(() -> new Augmentation(160, 128, true, 1.5, 0.15, 15, 0.25, 0.8, 1.2))
        .hasMessageContaining("flip probability");
    assertThatThrownBy(() -> new Augmentation(160, 128, true, 0.5, 0.15, 15, 0, 0.8, 1.2))
        .hasMessageContaining("minimum crop area");
  }
}
