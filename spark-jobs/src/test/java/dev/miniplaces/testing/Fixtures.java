package dev.miniplaces.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The golden fixtures at the repository's {@code fixtures/} folder (see fixtures/README.md). */
public final class Fixtures {
  private Fixtures() {}

  public static Path root() {
    String configured = System.getProperty("miniplaces.fixtures");
    Path root = configured != null ? Path.of(configured) : Path.of("../fixtures");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("Fixtures not found at " + root.toAbsolutePath());
    }
    return root;
  }

  /** A small MiniPlaces-layout folder holding every kind of image ingest accepts and every defect it refuses. */
  public static Path miniplacesTiny() {
    return root().resolve("miniplaces-tiny");
  }
}
