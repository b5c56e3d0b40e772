package dev.miniplaces.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The training-time decode of three-channel JPEGs: the JDK's own reader (libjpeg), decoding into one reused
 * image per thread. Ingest has already validated every image strictly, so this path skips TwelveMonkeys'
 * extra checks and the decoder-warning screening, and allocates no pixels (docs/benchmarks.md, "The training
 * input pipeline", has what the pipeline gained). Anything it cannot
 * read this way returns null, and the caller takes the strict path.
 */
final class FastJpegDecoding {
  private static final ThreadLocal<ImageReader> READER = ThreadLocal.withInitial(FastJpegDecoding::jdkReader);
  private static final ThreadLocal<BufferedImage> DESTINATION = new ThreadLocal<>();

  private FastJpegDecoding() {}

  /** The pixels of {@code encoded}, in this thread's buffer (valid until its next decode), or null. */
  static RgbPixels decode(byte[] encoded, ImageInfo info) {
    ImageReader reader = READER.get();
    if (reader == null || info.channels() != 3) {
      return null;
    }
    BufferedImage destination = DESTINATION.get();
    if (destination == null || destination.getWidth() != info.width() || destination.getHeight() != info.height()) {
      destination = new BufferedImage(info.width(), info.height(), BufferedImage.TYPE_3BYTE_BGR);
      DESTINATION.set(destination);
    }
    boolean usable = false;
    try (ImageInputStream input = new ByteArrayImageInputStream(encoded)) {
      reader.setInput(input, true, true);
      ImageReadParam param = reader.getDefaultReadParam();
      param.setDestination(destination);
      BufferedImage image = reader.read(0, param);
      usable = true;
      return image == destination ? RgbPixels.of(destination) : null;
    } catch (IOException | RuntimeException e) {
      return null; // a layout the reader refuses into this destination, or damage: the strict path decides
    } finally {
      reader.setInput(null);
      if (!usable) {
        // Its state after a failure is unknown: the next image gets a fresh reader.
        READER.remove();
        reader.dispose();
      }
    }
  }

  private static ImageReader jdkReader() {
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
      ImageReader reader = it.next();
      if (reader.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) {
        return reader;
      }
      reader.dispose();
    }
    return null; // another JDK: every image takes the strict path
  }
}
