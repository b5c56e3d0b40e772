package dev.miniplaces.fashion;

/**
 * Greyscale images read from an IDX file: {@code count} images of {@code rows × columns} bytes, row-major, one
 * after the other; 0 is white background and 255 full ink, as Fashion-MNIST stores them.
 */
record IdxImages(int count, int rows, int columns, byte[] pixels) {

  int pixelsPerImage() {
    return rows * columns;
  }

  /** Copies the {@code index}-th image's pixels. */
  byte[] image(int index) {
    byte[] image = new byte[pixelsPerImage()];
    System.arraycopy(pixels, index * pixelsPerImage(), image, 0, image.length);
    return image;
  }
}
