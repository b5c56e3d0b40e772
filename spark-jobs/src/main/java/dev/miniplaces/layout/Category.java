package dev.miniplaces.layout;

import java.io.Serializable;

/**
 * One class of a MiniPlaces dataset, as a line of {@code categories.txt} names it: {@code /a/abbey 0} or, for
 * the classes that sit one folder deeper, {@code /b/bakery/shop 10}.
 *
 * @param id the label id, 0-based
 * @param path the category path with its leading letter folder, e.g. {@code /b/bakery/shop}
 */
public record Category(int id, String path) implements Serializable {

  public Category {
    if (id < 0) {
      throw new IllegalArgumentException("Category id must be >= 0, got " + id + " for " + path);
    }
    if (!path.matches("/[^/\\s]/[^\\s]+")) {
      throw new IllegalArgumentException(
          "Category path must look like /<letter>/<name>[/<sub>], got '" + path + "'");
    }
  }

  /** The readable name: the path without its letter folder, e.g. {@code abbey} or {@code bakery/shop}. */
  public String name() {
    return path.substring(3);
  }

  /** The folder of this category's training images, relative to {@code images/}: {@code train/a/abbey}. */
  public String trainFolder() {
    return Split.TRAIN.id() + path;
  }

  /** Builds the category path MiniPlaces would give a name: {@code abbey} becomes {@code /a/abbey}. */
  public static String pathFor(String name) {
    if (name.isEmpty() || name.startsWith("/")) {
      throw new IllegalArgumentException("Category name must be non-empty and relative, got '" + name + "'");
    }
    return "/" + name.charAt(0) + "/" + name;
  }
}
