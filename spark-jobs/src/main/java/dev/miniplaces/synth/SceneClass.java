package dev.miniplaces.synth;

import dev.miniplaces.layout.Category;
import java.util.Locale;

/**
 * One synthetic class: a palette, a shape kind and a ground texture. Its name joins the three,
 * {@code dusk_circles_stripes}; plain-ground classes nest the texture as a sub-folder, {@code dusk_circles/plain}.
 */
record SceneClass(Palette palette, ShapeKind shape, Texture texture) {
  private static final int ATTRIBUTE_VALUES = 5;
  static final int COUNT = ATTRIBUTE_VALUES * ATTRIBUTE_VALUES * ATTRIBUTE_VALUES;

  /**
   * The {@code k}-th class (0-based) in an order where any prefix spreads the attributes evenly: the first 5
   * classes differ in all three, the first 25 are a Latin square. So a spec with few classes is still a mix of
   * palettes, shapes and textures, not five shades of one thing.
   */
  static SceneClass nth(int k) {
    if (k < 0 || k >= COUNT) {
      throw new IllegalArgumentException("Class index must be between 0 and " + (COUNT - 1) + ", got " + k);
    }
    int c = k % ATTRIBUTE_VALUES;
    int b = (k / ATTRIBUTE_VALUES) % ATTRIBUTE_VALUES;
    int a = k / (ATTRIBUTE_VALUES * ATTRIBUTE_VALUES);
    return new SceneClass(
        Palette.values()[c],
        ShapeKind.values()[(c + b) % ATTRIBUTE_VALUES],
        Texture.values()[(c + 2 * b + a) % ATTRIBUTE_VALUES]);
  }

  String name() {
    String stem = lower(palette) + "_" + lower(shape);
    return texture == Texture.PLAIN ? stem + "/" + lower(texture) : stem + "_" + lower(texture);
  }

  String categoryPath() {
    return Category.pathFor(name());
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
