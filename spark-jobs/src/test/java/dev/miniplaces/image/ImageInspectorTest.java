package dev.miniplaces.image;

import static dev.miniplaces.fixtures.SampleImages.cmykJpeg;
import static dev.miniplaces.fixtures.SampleImages.jpeg;
import static dev.miniplaces.fixtures.SampleImages.png;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.miniplaces.fixtures.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageInspectorTest {
  private static final BufferedImage RGB = SampleImages.rgb(48, 32, 7);
  private static final int CYAN = 0xff00ffff;

  private final ImageInspector inspector = new ImageInspector(ImageInspector.DEFAULT_MAX_PIXELS);

  @Test
  void acceptsEveryKindOfJpegWithItsSourceChannels() throws Exception {
    BufferedImage grey = SampleImages.grey(20, 10, 128);
    int[] cyanInk = {255, 0, 0, 0};

    assertThat(inspector.inspect(jpeg(RGB, false))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 48, 32, 3));
    assertThat(inspector.inspect(jpeg(RGB, true))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 48, 32, 3));
    assertThat(inspector.inspect(jpeg(grey, false))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 20, 10, 1));
    assertThat(inspector.inspect(cmykJpeg(24, 16, cyanInk, false)))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 24, 16, 4));
    assertThat(inspector.inspect(cmykJpeg(24, 16, cyanInk, true)))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 24, 16, 4));
  }

  @Test
  void acceptsEveryKindOfPngWithItsSourceChannels() throws Exception {
    assertThat(inspector.inspect(png(RGB))).isEqualTo(new ImageInfo(ImageFormat.PNG, 48, 32, 3));
    assertThat(inspector.inspect(png(SampleImages.solid(5, 3, BufferedImage.TYPE_INT_ARGB, 0x80ff0000))))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 5, 3, 4));
    assertThat(inspector.inspect(png(SampleImages.grey(5, 3, 64))))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 5, 3, 1));
    assertThat(inspector.inspect(png(SampleImages.greyAlpha(5, 3, 90, 128))))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 5, 3, 2));
    assertThat(inspector.inspect(png(SampleImages.palette(5, 3, false))))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 5, 3, 3));
    assertThat(inspector.inspect(png(SampleImages.palette(5, 3, true))))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 5, 3, 4));
  }

  @Test
  void acceptsOddSizes() throws Exception {
    BufferedImage odd = SampleImages.rgb(37, 1, 3);
    assertThat(inspector.inspect(jpeg(odd, true))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 37, 1, 3));
    assertThat(inspector.inspect(png(odd))).isEqualTo(new ImageInfo(ImageFormat.PNG, 37, 1, 3));
  }

  @Test
  void refusesAnEmptyFile() {
    assertThat(reasonFor(new byte[0])).isEqualTo("empty file (0 bytes)");
  }

  @Test
  void refusesANonImageShowingItsFirstBytes() {
    assertThat(reasonFor("<html><body>Not found</body></html>".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("not an image (first bytes: 3c 68 74 6d)");
    assertThat(reasonFor(new byte[] {0x42})).isEqualTo("not an image (first bytes: 42)");
  }

  @Test
  void refusesRecognisedButUnsupportedFormatsByName() {
    assertThat(reasonFor(SampleImages.encode(RGB, "gif")))
        .isEqualTo("unsupported image format GIF (accepted: JPEG, PNG)");
    assertThat(reasonFor(SampleImages.encode(RGB, "bmp")))
        .isEqualTo("unsupported image format BMP (accepted: JPEG, PNG)");
    assertThat(reasonFor(SampleImages.encode(RGB, "tiff")))
        .isEqualTo("unsupported image format TIFF (accepted: JPEG, PNG)");
    assertThat(reasonFor(SampleImages.webpHeader()))
        .isEqualTo("unsupported image format WEBP (accepted: JPEG, PNG)");
  }

  /** ImageIO decodes these with a warning only, padding the missing rows; the warning must be fatal. */
  @Test
  void refusesTruncatedJpegs() {
    for (boolean progressive : new boolean[] {false, true}) {
      byte[] whole = jpeg(RGB, progressive);
      int scanStart = SampleImages.jpegScanDataStart(whole);
      assertThat(reasonFor(Arrays.copyOf(whole, (scanStart + whole.length) / 2)))
          .as("progressive=%s", progressive)
          .startsWith("truncated or corrupt JPEG: ");
      assertThat(reasonFor(Arrays.copyOf(whole, whole.length - 2)))
          .as("only EOI missing, progressive=%s", progressive)
          .isEqualTo("truncated or corrupt JPEG: Truncated File - Missing EOI marker");
    }
  }

  @Test
  void refusesAJpegCutInsideItsHeader() {
    byte[] whole = jpeg(RGB, false);
    assertThat(reasonFor(Arrays.copyOf(whole, 40)))
        .isEqualTo("truncated or corrupt JPEG: file ends before the frame header (SOF)");
  }

  @Test
  void refusesAJpegWithGarbageInItsScanData() {
    byte[] corrupt = jpeg(RGB, false);
    int middle = (SampleImages.jpegScanDataStart(corrupt) + corrupt.length) / 2;
    Random random = new Random(42);
    for (int i = middle; i < middle + 40; i++) {
      corrupt[i] = (byte) random.nextInt(256);
    }
    assertThat(reasonFor(corrupt)).startsWith("truncated or corrupt JPEG: ");
  }

  @Test
  void refusesTruncatedAndCorruptPngs() {
    byte[] whole = png(RGB);
    assertThat(reasonFor(Arrays.copyOf(whole, whole.length / 2))).startsWith("truncated or corrupt PNG: ");
    assertThat(reasonFor(Arrays.copyOf(whole, 20)))
        .isEqualTo("truncated or corrupt PNG: file ends before the end of the IHDR chunk");
    byte[] corrupt = whole.clone();
    Arrays.fill(corrupt, 80, 120, (byte) 0x55); // inside the IDAT's deflate stream
    assertThat(reasonFor(corrupt)).startsWith("truncated or corrupt PNG: ");
  }

  /** 20000x20000 declared in a 1.5 KB file: decoding it would allocate 1.2 GB, so the header decides. */
  @Test
  void refusesADecompressionBombFromItsHeaderAlone() {
    byte[] bomb = withJpegSize(jpeg(RGB, false), 20000, 20000);
    assertThat(reasonFor(bomb))
        .isEqualTo("image too large: 20000x20000 = 400000000 pixels (limit 100000000)");

    byte[] pngBomb = png(RGB);
    writeU32(pngBomb, 16, 100_000);
    writeU32(pngBomb, 20, 100_000);
    assertThat(reasonFor(pngBomb))
        .isEqualTo("image too large: 100000x100000 = 10000000000 pixels (limit 100000000)");
  }

  @Test
  void pixelLimitIsInclusive() throws Exception {
    byte[] image = png(SampleImages.rgb(10, 10, 1));
    assertThat(new ImageInspector(100).inspect(image).pixels()).isEqualTo(100);
    assertThat(catchRejection(new ImageInspector(99), image).reason())
        .isEqualTo("image too large: 10x10 = 100 pixels (limit 99)");
  }

  @Test
  void aHeaderThatLiesAboutTheSizeIsCorruption() {
    assertThat(reasonFor(withJpegSize(jpeg(RGB, false), 64, 32))).startsWith("truncated or corrupt JPEG: ");
  }

  /**
   * Whatever a decoder throws on damaged bytes must come out as a refusal, never as another exception. A small
   * pixel limit keeps damaged size fields from making each trial decode hundreds of megapixels.
   */
  @Test
  void damagedBytesAreAlwaysRefusedNeverThrown() {
    ImageInspector smallImages = new ImageInspector(10_000);
    Random random = new Random(2024);
    for (byte[] original : new byte[][] {jpeg(RGB, false), jpeg(RGB, true), png(RGB)}) {
      for (int trial = 0; trial < 150; trial++) {
        byte[] damaged = original.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          damaged[2 + random.nextInt(damaged.length - 2)] = (byte) random.nextInt(256);
        }
        Throwable thrown = catchThrowable(() -> smallImages.inspect(damaged));
        assertThat(thrown).satisfiesAnyOf(
            t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(RejectedImageException.class));
      }
    }
  }

  @Test
  void decodesJpegsWithTheTwelveMonkeysReader() {
    assertThat(ImageReaders.forThisThread(ImageFormat.JPEG).getClass().getName())
        .startsWith(ImageReaders.TWELVEMONKEYS_JPEG_PACKAGE);
  }

  @Test
  void travelsToExecutorsBySerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ImageInspector(2000));
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ImageInspector copy = (ImageInspector) in.readObject();
      assertThat(copy.maxPixels()).isEqualTo(2000);
      assertThat(copy.inspect(jpeg(RGB, false)).width()).isEqualTo(48);
    }
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThatThrownBy(() -> new ImageInspector(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maxPixels: 0 (must be > 0)");
  }

  private String reasonFor(byte[] encoded) {
    return catchRejection(inspector, encoded).reason();
  }

  private static RejectedImageException catchRejection(ImageInspector inspector, byte[] encoded) {
    Throwable thrown = catchThrowable(() -> inspector.inspect(encoded));
    assertThat(thrown).isInstanceOf(RejectedImageException.class);
    return (RejectedImageException) thrown;
  }

  /** Rewrites the size in the frame header (SOF0 of the JDK writer's baseline output). */
  private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] patched = jpeg.clone();
    for (int i = 2; i + 8 < patched.length; i++) {
      if ((patched[i] & 0xff) == 0xff && (patched[i + 1] & 0xff) == 0xc0) {
        patched[i + 5] = (byte) (height >> 8);
        patched[i + 6] = (byte) height;
        patched[i + 7] = (byte) (width >> 8);
        patched[i + 8] = (byte) width;
        return patched;
      }
    }
    throw new IllegalArgumentException("No SOF0 marker");
  }

  private static void writeU32(byte[] data, int offset, int value) {
    data[offset] = (byte) (value >>> 24);
    data[offset + 1] = (byte) (value >>> 16);
    data[offset + 2] = (byte) (value >>> 8);
    data[offset + 3] = (byte) value;
  }
}
