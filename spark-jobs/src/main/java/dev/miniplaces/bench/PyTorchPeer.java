package dev.miniplaces.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniplaces.MiniplacesException;
import dev.miniplaces.ops.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PyTorch peer script ({@value #SCRIPT}, the reference SimpleNet) with the same shapes and threads, so
 * that DL4J and PyTorch are measured back to back on the same cores. The script prints one JSON line.
 *
 * <p>The peer runs either as PyTorch runs by default, without the process settings of DL4J's engine
 * ({@link Engine#EXECUTOR_ENVIRONMENT}, removed from its environment), or with them: they speed PyTorch up too.
 */
public final class PyTorchPeer {
  /** The peer's figures: training and inference images/s, and the torch version it ran. */
  public record Result(String engine, double trainImagesPerSecond, double inferImagesPerSecond) {}

  /** The project's peer script, relative to the project's folder. */
  public static final String SCRIPT = "docs/scripts/pytorch_simplenet.py";

  private PyTorchPeer() {}

  /** The peer script of this installation: under {@code miniplaces.home} (bin/miniplaces sets it), else here. */
  public static Path projectScript() {
    return Path.of(System.getProperty("miniplaces.home", ".")).resolve(SCRIPT);
  }

  /** How the peer's process environment relates to DL4J's engine settings. */
  public enum Environment {
    /** Without DL4J's engine settings: PyTorch as its users run it. */
    PYTORCH_DEFAULTS,
    /** With the same settings as DL4J's engine. */
    SAME_AS_DL4J
  }

  public static Result run(Path python, Path script, int batch, int size, int threads, int iterations,
      int repeats, Environment environment) {
    List<String> command = List.of(python.toString(), script.toString(), "--batch", String.valueOf(batch),
        "--size", String.valueOf(size), "--threads", String.valueOf(threads), "--iters", String.valueOf(iterations),
        "--repeats", String.valueOf(repeats));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (environment == Environment.PYTORCH_DEFAULTS) {
        builder.environment().keySet().removeAll(Engine.EXECUTOR_ENVIRONMENT.keySet());
      } else {
        builder.environment().putAll(Engine.EXECUTOR_ENVIRONMENT);
      }
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new MiniplacesException("The PyTorch peer failed (" + String.join(" ", command) + "): "
            + output.strip().lines().reduce((a, b) -> b).orElse("no output"));
      }
      String json = output.strip().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
          .orElseThrow(() -> new MiniplacesException("The PyTorch peer printed no JSON line: " + output));
      JsonNode node = new ObjectMapper().readTree(json);
      return new Result(node.path("engine").asText(), node.path("train_img_s").asDouble(),
          node.path("infer_img_s").asDouble());
    } catch (IOException e) {
      throw new MiniplacesException("Cannot run the PyTorch peer " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MiniplacesException("Interrupted while running the PyTorch peer", e);
    }
  }
}
