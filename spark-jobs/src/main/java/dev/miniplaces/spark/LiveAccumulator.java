package dev.miniplaces.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A {@link LongAccumulator} read while tasks still run. The driver's own value only grows when a task ends; the
 * partial values of running tasks arrive with executor heartbeats ({@code spark.executor.heartbeatInterval}), and
 * this listener adds them in, so a job with a few long tasks still shows progress.
 */
public final class LiveAccumulator extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final LongAccumulator accumulator;
  private final Map<Long, Long> runningTaskValues = new ConcurrentHashMap<>();

  private LiveAccumulator(SparkContext sc, LongAccumulator accumulator) {
    this.sc = sc;
    this.accumulator = accumulator;
  }

  public static LiveAccumulator register(SparkContext sc, String name) {
    LiveAccumulator live = new LiveAccumulator(sc, sc.longAccumulator(name));
    sc.addSparkListener(live);
    return live;
  }

  /** The accumulator to add to inside tasks. */
  public LongAccumulator accumulator() {
    return accumulator;
  }

  /** Finished tasks' total plus the last heartbeat value of each running task. */
  public long value() {
    long running = 0;
    for (long v : runningTaskValues.values()) {
      running += v;
    }
    return accumulator.value() + running;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task :
        JavaConverters.seqAsJavaListConverter(update.accumUpdates()).asJava()) {
      for (AccumulableInfo info : JavaConverters.seqAsJavaListConverter(task._4()).asJava()) {
        if (info.id() == accumulator.id() && info.update().isDefined()) {
          runningTaskValues.put((Long) task._1(), ((Number) info.update().get()).longValue());
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    runningTaskValues.remove(taskEnd.taskInfo().taskId());
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
