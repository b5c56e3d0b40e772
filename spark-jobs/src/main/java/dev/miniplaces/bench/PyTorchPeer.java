package dev.miniplaces.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PyTorch peer script ({@code shared/bench/pytorch_simplenet.py}) with the same shapes and threads, so
 * that DL4J and PyTorch are measured back to back on the same cores. The script prints one JSON line.
 */
public final class PyTorchPeer {
  /** The peer's figures: training and inference images/s, and the torch version it ran. */
  public record Result(String engine, double trainImagesPerSecond, double inferImagesPerSecond) {}

  private PyTorchPeer() {}

  public static Result run(Path python, Path script, int batch, int size, int threads, int iterations,
      int repeats) {
    List<String> command = List.of(python.toString(), script.toString(), "--batch", String.valueOf(batch),
        "--size", String.valueOf(size), "--threads", String.valueOf(threads), "--iters", String.valueOf(iterations),
        "--repeats", String.valueOf(repeats));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
