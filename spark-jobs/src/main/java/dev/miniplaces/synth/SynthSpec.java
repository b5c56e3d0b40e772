package dev.miniplaces.synth;

import dev.miniplaces.layout.MiniPlacesLayout;

/**
 * The shape of a synthetic scene dataset: how many classes, images per class in each split, image size and the
 * seed every image's randomness derives from. The same spec always gives byte-identical files.
 *
 * @param classes number of classes, 1 to {@value SyntheticScenes#MAX_CLASSES}
 * @param trainPerClass training images per class, at least 1
 * @param valPerClass validation images per class, 0 or more
 * @param testPerClass test images per class (written unlabelled), 0 or more
 * @param size width and height of the square images in pixels, {@value #MIN_SIZE} to {@value #MAX_SIZE}
 * @param seed seed of all per-image randomness; the class definitions do not depend on it
 */
public record SynthSpec(int classes, int trainPerClass, int valPerClass, int testPerClass, int size, long seed) {
  public static final int MIN_SIZE = 16;
  public static final int MAX_SIZE = 1024;

  public SynthSpec {
    requireBetween("classes", classes, 1, SyntheticScenes.MAX_CLASSES);
    requireBetween("size", size, MIN_SIZE, MAX_SIZE);
    int maxPerClass = MiniPlacesLayout.MAX_IMAGES_PER_FOLDER / classes;
    requireBetween("trainPerClass", trainPerClass, 1, maxPerClass);
    requireBetween("valPerClass", valPerClass, 0, maxPerClass);
    requireBetween("testPerClass", testPerClass, 0, maxPerClass);
  }

  /** MiniPlaces' own proportions: 100 classes, 1,000 / 100 / 100 images per class, 128×128 pixels. */
  public static SynthSpec miniPlacesSized(long seed) {
    return new SynthSpec(100, 1000, 100, 100, 128, seed);
  }

  public int trainImages() {
    return classes * trainPerClass;
  }

  public int valImages() {
    return classes * valPerClass;
  }

  public int testImages() {
    return classes * testPerClass;
  }

  public int totalImages() {
    return trainImages() + valImages() + testImages();
  }

  private static void requireBetween(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Invalid " + name + ": " + value + " (must be between " + min + " and " + max + ")");
    }
  }
}
