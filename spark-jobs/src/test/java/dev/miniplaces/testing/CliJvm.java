package dev.miniplaces.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniplaces.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CLI in a JVM of its own, as a user runs it, its output in {@code <logs>/<name>.log}. */
public final class CliJvm {
  private CliJvm() {}

  /** Starts {@code miniplaces ARGS} in {@code workingDir}. */
  public static Process start(Path logs, Path workingDir, String name, List<String> args) throws IOException {
    return ChildJvms.javaMain(Main.class, args.toArray(String[]::new)).directory(workingDir.toFile())
        .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile()).start();
  }

  /** Runs {@code miniplaces ARGS} to its end; returns its output, failing the test on a non-zero exit. */
  public static String run(Path logs, Path workingDir, String name, List<String> args) throws Exception {
    return finish(start(logs, workingDir, name, args), logs, name);
  }

  /** Waits for {@code process} (at most 8 minutes) and returns its output; fails on a non-zero exit. */
  public static String finish(Process process, Path logs, String name) throws Exception {
    assertThat(process.waitFor(8, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    String log = Files.readString(logs.resolve(name + ".log"));
    assertThat(process.exitValue()).as("%s's exit status; output:%n%s", name, log).isZero();
    return log;
  }

  /** The rows that {@code sql --format json} printed (JSON Lines), as one array. */
  public static JsonNode jsonRows(String output) throws IOException {
    StringBuilder rows = new StringBuilder("[");
    for (String line : output.split("\n")) {
      if (line.startsWith("{")) {
        rows.append(rows.length() > 1 ? "," : "").append(line);
      }
    }
    return new ObjectMapper().readTree(rows.append("]").toString());
  }
}
