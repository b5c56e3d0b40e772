package dev.miniplaces.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The fate of every fixture image and label line, from a fixture's EXPECTED.tsv (see fixtures/README.md). */
public record ExpectedOutcomes(List<Outcome> outcomes) {
  /** One line: split, path as the ingest reports it, accepted or rejected, a substring of the reason. */
  public record Outcome(String split, String path, boolean accepted, String reasonContains) {}

  public static ExpectedOutcomes read(Path fixture) {
    try {
      List<Outcome> outcomes = Files.readAllLines(fixture.resolve("EXPECTED.tsv")).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("split\t"))
          .map(line -> line.split("\t", -1))
          .map(f -> new Outcome(f[0], f[1], f[2].equals("accepted"), f.length > 3 ? f[3] : ""))
          .toList();
      return new ExpectedOutcomes(outcomes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Outcome> accepted() {
    return outcomes.stream().filter(Outcome::accepted).toList();
  }

  public List<Outcome> rejected() {
    return outcomes.stream().filter(o -> !o.accepted()).toList();
  }
}
