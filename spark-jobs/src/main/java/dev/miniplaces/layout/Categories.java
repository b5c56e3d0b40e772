package dev.miniplaces.layout;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MissingInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The class list of a dataset, read from {@code categories.txt}. Ids must be exactly 0..N-1, each once: every
 * later stage (labels, model outputs, metrics) indexes by them, so a malformed file stops a job instead of
 * being repaired.
 */
public final class Categories implements Serializable {
  private final List<Category> byId;

  public Categories(List<Category> categories) {
    List<Category> sorted = new ArrayList<>(categories);
    sorted.sort(Comparator.comparingInt(Category::id));
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).id() != i) {
        throw new InvalidInputException(
            "Category ids must be 0.." + (sorted.size() - 1) + " with none missing or repeated; found "
                + (sorted.get(i).id() < i ? "id " + sorted.get(i).id() + " twice" : "no id " + i));
      }
    }
    Set<String> paths = new HashSet<>();
    for (Category category : sorted) {
      if (!paths.add(category.path())) {
        throw new InvalidInputException("Category path " + category.path() + " is listed twice");
      }
    }
    if (sorted.isEmpty()) {
      throw new InvalidInputException("The category list is empty");
    }
    this.byId = List.copyOf(sorted);
  }

  /** Reads {@code categories.txt}: one {@code /a/abbey 0} per line; CRLF, blank lines and extra spaces are fine. */
  public static Categories read(FileSystem fs, Path file) {
    String text;
    try {
      text = TextFiles.read(fs, file);
    } catch (FileNotFoundException e) {
      throw new MissingInputException("Categories file", file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    List<Category> categories = new ArrayList<>();
    List<String> lines = TextFiles.lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split("\\s+");
      try {
        if (fields.length != 2) {
          throw new IllegalArgumentException("expected '<category path> <id>'");
        }
        categories.add(new Category(Integer.parseInt(fields[1]), fields[0]));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            file + " line " + (i + 1) + ": '" + line + "' is not a category line (" + e.getMessage() + ")");
      }
    }
    try {
      return new Categories(categories);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(file + ": " + e.getMessage());
    }
  }

  public int size() {
    return byId.size();
  }

  public boolean contains(int id) {
    return id >= 0 && id < byId.size();
  }

  public Category get(int id) {
    return byId.get(id);
  }

  public List<Category> asList() {
    return byId;
  }
}
