package dev.miniplaces.fashion;

/**
 * How to import Fashion-MNIST.
 *
 * @param size width and height of the written images in pixels, {@value #MIN_SIZE} to {@value #MAX_SIZE};
 *     {@value FashionMnistImporter#NATIVE_SIZE} (the default) keeps the original pixels, any other size resizes
 *     bilinearly
 * @param limit the most train images to import, from the start of the file, at least 1; {@link #NO_LIMIT} (the
 *     default) imports all
 * @param valLimit the same for the val split (Fashion-MNIST's test file)
 */
public record FashionMnistOptions(int size, int limit, int valLimit) {
  public static final int MIN_SIZE = 8;
  public static final int MAX_SIZE = 1024;
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  public FashionMnistOptions {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "Invalid size: " + size + " (must be between " + MIN_SIZE + " and " + MAX_SIZE + ")");
    }
    if (limit < 1 || valLimit < 1) {
      throw new IllegalArgumentException("Invalid limit: " + Math.min(limit, valLimit) + " (must be >= 1)");
    }
  }

  /** The same limit for both splits. */
  public FashionMnistOptions(int size, int limit) {
    this(size, limit, limit);
  }

  /** Every image at its native 28×28 pixels. */
  public static FashionMnistOptions defaults() {
    return new FashionMnistOptions(FashionMnistImporter.NATIVE_SIZE, NO_LIMIT);
  }

  public FashionMnistOptions withSize(int size) {
    return new FashionMnistOptions(size, limit, valLimit);
  }

  public FashionMnistOptions withLimit(int limit) {
    return new FashionMnistOptions(size, limit);
  }
}
