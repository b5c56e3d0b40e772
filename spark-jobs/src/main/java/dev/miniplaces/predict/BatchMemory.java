package dev.miniplaces.predict;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.spark.OffHeapLimit;
import java.util.Locale;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How many images one task's batch holds, from the off-heap room a task may use ({@link OffHeapLimit}). A
 * batch's activations (and, for the jobs that take gradients, their gradients) grow with its images and with the
 * square of the input size: the reference's batch of 100 that fits at 32 px needs gigabytes at 160, which two
 * tasks of one executor would not find. Bytes per image are DL4J's estimate from each layer's memory report, with
 * headroom for what it leaves out (oneDNN's scratch memory, the inputs' copies).
 *
 * @param batchSize images per batch
 * @param bytesPerImage the estimate for one image, headroom included
 * @param budget bytes the batches of one task may use
 */
public record BatchMemory(int batchSize, long bytesPerImage, long budget) {
  /** The reference's evaluation batch, and the most a batch holds. */
  public static final int MAX_BATCH = 100;
  /** Of a task's off-heap share, what its batches get by default: the rest is the model's and ND4J's own. */
  static final double DEFAULT_SHARE = 0.5;
  private static final double HEADROOM = 1.5;

  /** What a batch computes: scores only, or scores and the gradients of the input. */
  public enum Pass { INFERENCE, GRADIENTS }

  /**
   * The batch for {@code model} at {@code size}² on executors with {@code limit}.
   *
   * @param requested the user's budget per task ({@code --batch-memory}); null: half a task's share
   */
  public static BatchMemory plan(ComputationGraph model, int size, Pass pass, OffHeapLimit limit, Long requested) {
    long perImage = bytesPerImage(model, size, pass);
    if (requested != null && requested * limit.concurrentTasks() > limit.bytes()) {
      throw new InvalidInputException(String.format(Locale.ROOT, "--batch-memory %s for each of %d tasks is more "
          + "than an executor's off-heap room of %s (%s): lower --batch-memory, or raise "
          + "spark.executor.memoryOverhead", OffHeapLimit.format(requested), limit.concurrentTasks(),
          OffHeapLimit.format(limit.bytes()), limit.source()));
    }
    long budget = requested != null ? requested : (long) (limit.perTask() * DEFAULT_SHARE);
    if (budget < perImage) {
      throw new InvalidInputException(String.format(Locale.ROOT, "One %dx%d image needs about %s off-heap for %s, "
          + "more than the %s a task's batches %s: %s", size, size, OffHeapLimit.format(perImage),
          pass == Pass.GRADIENTS ? "its scores and input gradients" : "its scores", OffHeapLimit.format(budget),
          requested != null ? "were given (--batch-memory)" : "get (half of each task's share of " + limit.source()
              + ")",
          requested != null ? "raise --batch-memory" : "raise spark.executor.memoryOverhead, or run fewer tasks "
              + "per executor (spark.executor.cores)"));
    }
    return new BatchMemory((int) Math.min(MAX_BATCH, budget / perImage), perImage, budget);
  }

  /** DL4J's estimate for one more image in a batch, with headroom. */
  static long bytesPerImage(ComputationGraph model, int size, Pass pass) {
    NetworkMemoryReport report = model.getConfiguration().getMemoryReport(InputType.convolutional(size, size, 3));
    MemoryUseMode mode = pass == Pass.GRADIENTS ? MemoryUseMode.TRAINING : MemoryUseMode.INFERENCE;
    long one = report.getTotalMemoryBytes(1, mode, CacheMode.NONE, DataType.FLOAT);
    long two = report.getTotalMemoryBytes(2, mode, CacheMode.NONE, DataType.FLOAT);
    long input = 3L * size * size * Float.BYTES;
    return (long) (HEADROOM * (two - one + input));
  }

  /** DL4J's estimate, with headroom, of one training step of {@code images}: weights, updater, activations. */
  public static long trainingBytes(ComputationGraph model, int size, int images) {
    NetworkMemoryReport report = model.getConfiguration().getMemoryReport(InputType.convolutional(size, size, 3));
    return (long) (HEADROOM * report.getTotalMemoryBytes(images, MemoryUseMode.TRAINING, CacheMode.NONE,
        DataType.FLOAT));
  }

  /** For the console: the batch and why. */
  public String describe(int size) {
    return String.format(Locale.ROOT, "batches of %d (~%s an image at %dx%d, %s a task)", batchSize,
        OffHeapLimit.format(bytesPerImage), size, size, OffHeapLimit.format(budget));
  }
}
