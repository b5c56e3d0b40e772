package dev.miniplaces.layout;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes images to the bytes of an image file with {@code javax.imageio}: JPEG at a fixed quality, or lossless
 * PNG. Thread-safe: each thread keeps its own ImageIO writer, since those are not. The same image always
 * encodes to the same bytes.
 */
public final class ImageEncoder {
  private final String format;
  private final String extension;
  private final Float jpegQuality;
  private final ThreadLocal<ImageWriter> writers;

  private ImageEncoder(String format, String extension, Float jpegQuality) {
    this.format = format;
    this.extension = extension;
    this.jpegQuality = jpegQuality;
    this.writers = ThreadLocal.withInitial(this::newWriter);
  }

  /** JPEG at {@code quality} in (0, 1]; MiniPlaces' own images are JPEG files, {@code .jpg}. */
  public static ImageEncoder jpeg(float quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException("Invalid JPEG quality: " + quality + " (must be > 0 and <= 1)");
    }
    return new ImageEncoder("jpeg", "jpg", quality);
  }

  /** Lossless PNG, {@code .png}; greyscale images stay one channel. */
  public static ImageEncoder png() {
    return new ImageEncoder("png", "png", null);
  }

  /** The file name extension without its dot: {@code jpg} or {@code png}. */
  public String extension() {
    return extension;
  }

  public byte[] encode(RenderedImage image) {
    ImageWriter writer = writers.get();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), writeParam(writer));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a " + format + " image", e);
    } finally {
      writer.reset();
    }
    return bytes.toByteArray();
  }

  private ImageWriteParam writeParam(ImageWriter writer) {
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (jpegQuality != null) {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(jpegQuality);
    }
    return param;
  }

  private ImageWriter newWriter() {
    Iterator<ImageWriter> found = ImageIO.getImageWritersByFormatName(format);
    if (!found.hasNext()) {
      throw new IllegalStateException("No ImageIO writer for " + format + " on the classpath");
    }
    return found.next();
  }
}
