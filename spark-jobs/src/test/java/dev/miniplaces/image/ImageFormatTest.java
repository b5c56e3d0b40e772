package dev.miniplaces.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.fixtures.SampleImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
  private static final BufferedImage IMAGE = SampleImages.rgb(8, 8, 1);

  @Test
  void recognisesEveryFormatByItsMagicBytes() {
    assertThat(ImageFormat.sniff(SampleImages.jpeg(IMAGE, false))).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(SampleImages.png(IMAGE))).contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(SampleImages.encode(IMAGE, "gif"))).contains(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(SampleImages.encode(IMAGE, "bmp"))).contains(ImageFormat.BMP);
    assertThat(ImageFormat.sniff(SampleImages.encode(IMAGE, "tiff"))).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff(SampleImages.webpHeader())).contains(ImageFormat.WEBP);
  }

  @Test
  void textIsNoFormatEvenWhenItStartsLikeOne() {
    assertThat(ImageFormat.sniff("BMW 320i for sale".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(ImageFormat.sniff("<html></html>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
    assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
  }

  @Test
  void onlyJpegAndPngAreAccepted() {
    assertThat(ImageFormat.accepted()).containsExactly(ImageFormat.JPEG, ImageFormat.PNG);
  }
}
