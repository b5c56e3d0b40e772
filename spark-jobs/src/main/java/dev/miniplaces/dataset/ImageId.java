package dev.miniplaces.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable id of an image: the first 8 bytes (big-endian) of SHA-256 over its UTF-8 path relative to
 * {@code images/}. It survives re-ingestion and is cheap to join on; from Python:
 * {@code int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], 'big', signed=True)}. A collision among
 * 120K paths has a probability near 1e-9, and ingest checks for one anyway.
 */
public final class ImageId {
  private ImageId() {}

  public static long of(String relativePath) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(relativePath.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
