package dev.miniplaces.fashion;

/**
 * Resizes square greyscale images bilinearly, sampling at pixel centres (as PIL and OpenCV's {@code INTER_LINEAR}
 * do) so the image neither shifts nor loses its border. Shrinking applies no anti-aliasing filter.
 */
final class BilinearResize {
  private BilinearResize() {}

  /** Resizes {@code from × from} pixels to {@code to × to}; returns the input itself when the sizes agree. */
  static byte[] resize(byte[] pixels, int from, int to) {
    if (from == to) {
      return pixels;
    }
    byte[] out = new byte[to * to];
    double scale = (double) from / to;
    for (int y = 0; y < to; y++) {
      double sy = clamp((y + 0.5) * scale - 0.5, from - 1);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, from - 1);
      double fy = sy - y0;
      for (int x = 0; x < to; x++) {
        double sx = clamp((x + 0.5) * scale - 0.5, from - 1);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, from - 1);
        double fx = sx - x0;
        double top = value(pixels, from, x0, y0) * (1 - fx) + value(pixels, from, x1, y0) * fx;
        double bottom = value(pixels, from, x0, y1) * (1 - fx) + value(pixels, from, x1, y1) * fx;
        out[y * to + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }

  private static int value(byte[] pixels, int size, int x, int y) {
    return Byte.toUnsignedInt(pixels[y * size + x]);
  }

  private static double clamp(double coordinate, int max) {
    return Math.max(0, Math.min(max, coordinate));
  }
}
