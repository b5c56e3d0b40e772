package dev.miniplaces.augment;

import java.awt.Rectangle;
import java.util.Random;

/**
 * The random-sized crop of the reference recipe (torchvision's {@code RandomResizedCrop}): an area fraction drawn
 * uniformly, an aspect ratio drawn log-uniformly, a position drawn uniformly; up to ten tries for a crop that fits,
 * else the largest centred crop whose aspect ratio is in range.
 */
final class CropSampler {
  private CropSampler() {}

  static Rectangle sample(int w, int h, Augmentation config, Random random) {
    double area = (double) w * h;
    double logMin = Math.log(config.minAspect());
    double logMax = Math.log(config.maxAspect());
    for (int attempt = 0; attempt < Augmentation.CROP_TRIES; attempt++) {
      double target = area * (config.minCropArea() + random.nextDouble() * (1 - config.minCropArea()));
      double aspect = Math.exp(logMin + random.nextDouble() * (logMax - logMin));
      int cw = (int) Math.round(Math.sqrt(target * aspect));
      int ch = (int) Math.round(Math.sqrt(target / aspect));
      if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
        return new Rectangle(random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch);
      }
    }
    return centre(w, h, config);
  }

  private static Rectangle centre(int w, int h, Augmentation config) {
    double aspect = (double) w / h;
    int cw = w;
    int ch = h;
    if (aspect < config.minAspect()) {
      ch = (int) Math.round(w / config.minAspect());
    } else if (aspect > config.maxAspect()) {
      cw = (int) Math.round(h * config.maxAspect());
    }
    return new Rectangle((w - cw) / 2, (h - ch) / 2, cw, ch);
  }
}
