package dev.miniplaces.layout;

import dev.miniplaces.MissingInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Parses a label file ({@code train.txt}, {@code val.txt}) into the images it lists. A bad line never stops the
 * parse: it becomes a {@link Rejection} that names the file, the line number and the problem.
 *
 * <p>Accepted line form: {@code <path relative to images/> <label id>}, split at the last run of whitespace (so
 * paths may contain spaces), with CRLF endings, blank lines and surrounding spaces tolerated. An identical line
 * repeated counts once; one path listed with different labels is refused entirely, since no label can be trusted.
 */
public final class LabelFile {
  private static final Pattern LINE = Pattern.compile("(.+?)\\s+(\\S+)");

  /** What a label file lists: accepted images in file order, refused lines, and how many lines were repeats. */
  public record Parsed(List<LabelledImage> images, List<Rejection> rejections, int repeatedLines) {}

  private LabelFile() {}

  public static Parsed read(FileSystem fs, MiniPlacesLayout layout, Split split, Categories categories) {
    Path file = layout.labelFile(split);
    try {
      return parse(TextFiles.read(fs, file), split, categories);
    } catch (FileNotFoundException e) {
      throw new MissingInputException("Label file of the " + split + " split", file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  public static Parsed parse(String text, Split split, Categories categories) {
    String fileName = split.labelFileName().orElseThrow();
    List<Rejection> rejections = new ArrayList<>();
    Map<String, List<Listing>> listingsByPath = new LinkedHashMap<>();
    List<String> lines = TextFiles.lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = fileName + " line " + (i + 1) + ": ";
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        rejections.add(new Rejection(split, line, where + "expected '<image path> <label id>', got '" + line + "'"));
        continue;
      }
      String path = m.group(1);
      String labelText = m.group(2);
      String problem = pathProblem(path, split);
      if (problem == null) {
        problem = labelProblem(labelText, categories);
      }
      if (problem != null) {
        rejections.add(new Rejection(split, path, where + problem));
        continue;
      }
      listingsByPath.computeIfAbsent(path, p -> new ArrayList<>()).add(new Listing(i + 1, Integer.parseInt(labelText)));
    }

    List<LabelledImage> images = new ArrayList<>(listingsByPath.size());
    int repeated = 0;
    for (Map.Entry<String, List<Listing>> entry : listingsByPath.entrySet()) {
      List<Listing> listings = entry.getValue();
      List<Integer> labels = listings.stream().map(Listing::label).distinct().toList();
      if (labels.size() == 1) {
        images.add(new LabelledImage(split, entry.getKey(), labels.get(0)));
        repeated += listings.size() - 1;
      } else {
        String lineNumbers = listings.stream().map(l -> String.valueOf(l.lineNumber())).collect(Collectors.joining(", "));
        rejections.add(new Rejection(split, entry.getKey(), fileName + " lines " + lineNumbers
            + ": listed with different labels " + labels + "; none can be trusted"));
      }
    }
    return new Parsed(List.copyOf(images), List.copyOf(rejections), repeated);
  }

  private static String pathProblem(String path, Split split) {
    if (path.startsWith("/") || path.contains("\\") || ("/" + path + "/").contains("/../")) {
      return "path '" + path + "' leaves the images/ folder";
    }
    if (!path.startsWith(split.id() + "/") || path.endsWith("/")) {
      return "path '" + path + "' is not an image under " + split.id() + "/";
    }
    return null;
  }

  private static String labelProblem(String labelText, Categories categories) {
    int label;
    try {
      label = Integer.parseInt(labelText);
    } catch (NumberFormatException e) {
      return "label '" + labelText + "' is not an integer";
    }
    if (!categories.contains(label)) {
      return "label " + label + " is not a category id (categories.txt has 0.." + (categories.size() - 1) + ")";
    }
    return null;
  }

  private record Listing(int lineNumber, int label) {}
}
