package dev.miniplaces.synth;

import dev.miniplaces.layout.Category;
import dev.miniplaces.layout.Split;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic scene dataset with MiniPlaces' structure: each class combines one of 5 palettes, 5
 * shape kinds and 5 ground textures ({@value #MAX_CLASSES} classes at most), and each image draws its horizon,
 * shapes, colour jitter, noise and brightness at random. Classes are told apart by composition, not by one
 * colour, and overlap enough that no classifier is trivially perfect.
 *
 * <p>Category ids are the alphabetical order of the category paths, as in MiniPlaces. The training split lists
 * each class's images together, in id order; val and test interleave the classes in a seeded shuffled order.
 * An image depends only on the spec and its (split, index), never on which thread renders it or when.
 */
public final class SyntheticScenes {
  public static final int MAX_CLASSES = SceneClass.COUNT;

  private final SynthSpec spec;
  private final List<SceneClass> classesById;
  private final List<Category> categories;
  private final int[] valLabels;
  private final int[] testLabels;
  private final SceneRenderer renderer;

  public SyntheticScenes(SynthSpec spec) {
    this.spec = spec;
    List<SceneClass> chosen = new ArrayList<>();
    for (int k = 0; k < spec.classes(); k++) {
      chosen.add(SceneClass.nth(k));
    }
    chosen.sort(Comparator.comparing(SceneClass::categoryPath));
    this.classesById = List.copyOf(chosen);
    List<Category> categories = new ArrayList<>();
    for (int id = 0; id < classesById.size(); id++) {
      categories.add(new Category(id, classesById.get(id).categoryPath()));
    }
    this.categories = List.copyOf(categories);
    this.valLabels = shuffledLabels(Split.VAL, spec.valPerClass());
    this.testLabels = shuffledLabels(Split.TEST, spec.testPerClass());
    this.renderer = new SceneRenderer(spec.size());
  }

  public SynthSpec spec() {
    return spec;
  }

  /** The classes, ids 0..n-1 in alphabetical order of their paths. */
  public List<Category> categories() {
    return categories;
  }

  public int imageCount(Split split) {
    return switch (split) {
      case TRAIN -> spec.trainImages();
      case VAL -> spec.valImages();
      case TEST -> spec.testImages();
    };
  }

  /**
   * The class id of a split's {@code index}-th image (0-based). Test images have classes too, though the
   * dataset never writes them down.
   */
  public int labelOf(Split split, int index) {
    checkIndex(split, index);
    return switch (split) {
      case TRAIN -> index / spec.trainPerClass();
      case VAL -> valLabels[index];
      case TEST -> testLabels[index];
    };
  }

  /** Draws a split's {@code index}-th image: {@code size × size} RGB, the same pixels on every call. */
  public BufferedImage render(Split split, int index) {
    SceneClass sceneClass = classesById.get(labelOf(split, index));
    return renderer.render(sceneClass, new SplittableRandom(imageSeed(split, index)));
  }

  private long imageSeed(Split split, int index) {
    return mix(mix(spec.seed() ^ 0x5CE9E5L) + split.ordinal() * 0x9E3779B97F4A7C15L + index);
  }

  private int[] shuffledLabels(Split split, int perClass) {
    int[] labels = new int[spec.classes() * perClass];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i / perClass;
    }
    SplittableRandom random = new SplittableRandom(mix(spec.seed() ^ (0xA11CE5L + split.ordinal())));
    for (int i = labels.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    return labels;
  }

  private void checkIndex(Split split, int index) {
    int count = imageCount(split);
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException(
          "Image index " + index + " out of range for the " + split + " split of " + count + " images");
    }
  }

  /** SplitMix64's finaliser: nearby inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
