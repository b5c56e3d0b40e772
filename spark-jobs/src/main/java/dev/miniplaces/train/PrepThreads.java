package dev.miniplaces.train;

import dev.miniplaces.InvalidInputException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * How many threads decode and augment one training task's batches ({@link PreparedBatches}):
 * {@value #KEY} when set, else the task's share of its executor's cores. The share is the executor's cores
 * ({@code spark.executor.cores}, or the JVM's processors where that is unset, as in local mode) divided by the
 * tasks it runs at once, which GPUs can limit below {@code cores / spark.task.cpus}: a 16-core executor with one
 * GPU and {@code spark.task.resource.gpu.amount=1} runs one task, and that task gets all 16 threads.
 */
public final class PrepThreads {
  public static final String KEY = "spark.miniplaces.prep.threads";

  private PrepThreads() {}

  /** The count for a task of this executor (on the driver in local mode, where they are one JVM). */
  static int forThisExecutor() {
    SparkEnv env = SparkEnv.get();
    SparkConf conf = env == null ? new SparkConf(false) : env.conf();
    return resolve(conf, Runtime.getRuntime().availableProcessors());
  }

  static int resolve(SparkConf conf, int processors) {
    if (conf.contains(KEY)) {
      int threads = parse(conf.get(KEY));
      if (threads >= 1) {
        return threads;
      }
      throw new InvalidInputException("Invalid " + KEY + ": " + conf.get(KEY) + " (must be >= 1, or unset for"
          + " the task's share of its executor's cores)");
    }
    int cores = conf.getInt("spark.executor.cores", processors);
    int slots = Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
    double gpusPerTask = conf.getDouble("spark.task.resource.gpu.amount", 0);
    double gpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
    if (gpusPerTask > 0 && gpus > 0) {
      slots = Math.max(1, Math.min(slots, (int) Math.floor(gpus / gpusPerTask)));
    }
    return Math.max(1, cores / slots);
  }

  private static int parse(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
