package dev.miniplaces.layout;

import java.util.Locale;
import java.util.Optional;

/** A split of a MiniPlaces dataset. Train and val are labelled by a label file; test never is. */
public enum Split {
  TRAIN("train.txt"),
  VAL("val.txt"),
  TEST(null);

  private final String labelFileName;

  Split(String labelFileName) {
    this.labelFileName = labelFileName;
  }

  /** The name used in paths, label files and the dataset's {@code split} column: train, val, test. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The label file beside {@code images/} that lists this split's images, if the split is labelled. */
  public Optional<String> labelFileName() {
    return Optional.ofNullable(labelFileName);
  }

  public boolean isLabelled() {
    return labelFileName != null;
  }

  /** Parses a split name as written on the command line or in a path; case-insensitive. */
  public static Split fromId(String id) {
    for (Split split : values()) {
      if (split.id().equalsIgnoreCase(id.trim())) {
        return split;
      }
    }
    throw new IllegalArgumentException("Unknown split: '" + id + "' (expected train, val or test)");
  }

  @Override
  public String toString() {
    return id();
  }
}
