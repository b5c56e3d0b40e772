package dev.miniplaces.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an encoded image completely or refuses it with a specific reason. Checks run cheapest first: size,
 * magic bytes, header (so that a decompression bomb is refused before any pixel is allocated), then the full
 * decode, in which decoder warnings about damaged data count as corruption (see {@link DecoderWarnings}).
 */
final class StrictDecoding {
  private static final int SHOWN_LEADING_BYTES = 4;

  /** A decoded image and what its header says about it. */
  record Decoded(ImageInfo info, BufferedImage image) {}

  private StrictDecoding() {}

  static Decoded decode(byte[] encoded, long maxPixels) throws RejectedImageException {
    ImageInfo info = readHeader(encoded, maxPixels);
    return new Decoded(info, decodePixels(encoded, info));
  }

  /** Everything but the decode: the format, size and channels, checked against {@code maxPixels}. */
  static ImageInfo readHeader(byte[] encoded, long maxPixels) throws RejectedImageException {
    if (encoded.length == 0) {
      throw new RejectedImageException("empty file (0 bytes)");
    }
    ImageFormat format = ImageFormat.sniff(encoded).orElseThrow(() -> notAnImage(encoded));
    if (!format.isAccepted()) {
      throw new RejectedImageException(
          "unsupported image format " + format + " (accepted: " + ImageFormat.acceptedNames() + ")");
    }
    ImageInfo info = format == ImageFormat.JPEG ? JpegHeader.read(encoded) : PngHeader.read(encoded);
    if (info.pixels() > maxPixels) {
      throw new RejectedImageException(
          "image too large: " + info.width() + "x" + info.height() + " = " + info.pixels()
              + " pixels (limit " + maxPixels + ")");
    }
    return info;
  }

  private static BufferedImage decodePixels(byte[] encoded, ImageInfo info) throws RejectedImageException {
    ImageFormat format = info.format();
    ImageReader reader = ImageReaders.forThisThread(format);
    List<String> warnings = new ArrayList<>(1);
    IIOReadWarningListener warningListener = (source, warning) -> warnings.add(warning);
    reader.addIIOReadWarningListener(warningListener);
    boolean readerUsable = false;
    try (ImageInputStream input = new ByteArrayImageInputStream(encoded)) {
      reader.setInput(input, true, true);
      BufferedImage image = reader.read(0);
      reader.setInput(null);
      readerUsable = true;
      Optional<String> damage = DecoderWarnings.firstDamage(warnings);
      if (damage.isPresent()) {
        throw new RejectedImageException(format.corruptReason(damage.get()));
      }
      if (image.getWidth() != info.width() || image.getHeight() != info.height()) {
        throw new RejectedImageException(format.corruptReason(
            "decoded size " + image.getWidth() + "x" + image.getHeight() + " differs from header size "
                + info.width() + "x" + info.height()));
      }
      return image;
    } catch (IOException | RuntimeException e) {
      throw new RejectedImageException(format.corruptReason(describe(e, warnings)), e);
    } catch (OutOfMemoryError e) {
      // The pixel limit bounds what a decoder allocates, so this means an executor too small for the limit.
      // Refusing one image keeps the job going and names the cause in the report; failing the task would
      // retry it into the same wall and then fail the whole job.
      throw new RejectedImageException(
          "out of memory decoding " + info.width() + "x" + info.height() + " " + format
              + " (lower the pixel limit or give executors more memory)", e);
    } catch (LinkageError e) {
      throw e; // a broken deployment, not a broken image
    } catch (Error e) {
      // Decoders have been known to throw InternalError or overflow the stack on crafted input.
      throw new RejectedImageException(format.corruptReason(describe(e, warnings)), e);
    } finally {
      reader.removeIIOReadWarningListener(warningListener);
      if (!readerUsable) {
        ImageReaders.discard(format, reader);
      }
    }
  }

  /** The exception's message, after the first damage warning if any (it often names the cause). */
  private static String describe(Throwable e, List<String> warnings) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return DecoderWarnings.firstDamage(warnings).map(warning -> warning + "; " + message).orElse(message);
  }

  private static RejectedImageException notAnImage(byte[] encoded) {
    int shown = Math.min(SHOWN_LEADING_BYTES, encoded.length);
    String leading = HexFormat.ofDelimiter(" ").formatHex(encoded, 0, shown);
    return new RejectedImageException("not an image (first bytes: " + leading + ")");
  }
}
