package dev.miniplaces.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Records that finished tasks read while it is registered, from Spark's own task metrics: {@link #input()} from
 * files and cached blocks, {@link #shuffle()} from shuffle files. What a job reads per round, measured.
 */
public final class RecordsRead extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final AtomicLong input = new AtomicLong();
  private final AtomicLong shuffle = new AtomicLong();

  private RecordsRead(SparkContext sc) {
    this.sc = sc;
  }

  public static RecordsRead register(SparkContext sc) {
    RecordsRead counter = new RecordsRead(sc);
    sc.addSparkListener(counter);
    return counter;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics metrics = taskEnd.taskMetrics();
    if (metrics != null) {
      input.addAndGet(metrics.inputMetrics().recordsRead());
      shuffle.addAndGet(metrics.shuffleReadMetrics().recordsRead());
    }
  }

  /** Records read from input files and from cached RDD blocks. */
  public long input() {
    return input.get();
  }

  /** Records read from shuffle files. */
  public long shuffle() {
    return shuffle.get();
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
