package dev.miniplaces.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.SparkConf;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageExecutorMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.collection.JavaConverters;

/**
 * What an application used, written as JSON when it ends: the driver's peak live heap (the most the heap held
 * after a garbage collection, from the JVM's own GC notifications), each executor's peaks as Spark's executor
 * metrics report them (heap, direct buffers, and the process's resident memory, which is where ND4J's off-heap
 * arrays show), and the records tasks read. Register it with
 * {@code --conf spark.extraListeners=dev.miniplaces.spark.ResourceReport --conf spark.miniplaces.resourceReport=FILE};
 * resident memory needs {@code spark.executor.processTreeMetrics.enabled=true} (Linux).
 */
public final class ResourceReport extends SparkListener {
  public static final String PATH = "spark.miniplaces.resourceReport";
  private static final String[] EXECUTOR_METRICS = {"JVMHeapMemory", "JVMOffHeapMemory", "DirectPoolMemory",
      "ProcessTreeJVMRSSMemory"};

  private final Path output;
  private final AtomicLong driverLiveHeap = new AtomicLong();
  private final AtomicLong inputRecords = new AtomicLong();
  private final AtomicLong shuffleRecords = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final Map<String, Map<String, Long>> executorPeaks = new ConcurrentHashMap<>();
  private final long startNanos = System.nanoTime();

  /** The constructor {@code spark.extraListeners} calls. */
  public ResourceReport(SparkConf conf) {
    this.output = Path.of(conf.get(PATH));
    // GC notifications list every memory pool; the heap's are the live data.
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
        .collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          long live = 0;
          for (Map.Entry<String, MemoryUsage> pool : GarbageCollectionNotificationInfo.from(
              (CompositeData) notification.getUserData()).getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            live += heapPools.contains(pool.getKey()) ? pool.getValue().getUsed() : 0;
          }
          driverLiveHeap.accumulateAndGet(live, Math::max);
        }
      }, null, null);
    }
  }

  /** The driver's peak live heap so far: it grows as GC notifications arrive (on their own thread). */
  long driverPeakLiveHeap() {
    return driverLiveHeap.get();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics metrics = taskEnd.taskMetrics();
    tasks.incrementAndGet();
    if (metrics != null) {
      inputRecords.addAndGet(metrics.inputMetrics().recordsRead());
      shuffleRecords.addAndGet(metrics.shuffleReadMetrics().recordsRead());
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (ExecutorMetrics metrics : JavaConverters.mapAsJavaMap(update.executorUpdates()).values()) {
      record(update.execId(), metrics);
    }
  }

  @Override
  public void onStageExecutorMetrics(SparkListenerStageExecutorMetrics peaks) {
    record(peaks.execId(), peaks.executorMetrics());
  }

  private void record(String executor, ExecutorMetrics metrics) {
    Map<String, Long> peaks = executorPeaks.computeIfAbsent(executor, e -> new ConcurrentHashMap<>());
    for (String name : EXECUTOR_METRICS) {
      peaks.merge(name, metrics.getMetricValue(name), Math::max);
    }
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("seconds", (System.nanoTime() - startNanos) / 1e9);
    report.put("driverPeakLiveHeapBytes", driverLiveHeap.get());
    report.put("driverMaxHeapBytes", Runtime.getRuntime().maxMemory());
    report.put("tasks", tasks.get());
    report.put("inputRecords", inputRecords.get());
    report.put("shuffleRecords", shuffleRecords.get());
    report.put("executorPeaks", new TreeMap<>(executorPeaks));
    try {
      Files.createDirectories(output.toAbsolutePath().getParent());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the resource report " + output, e);
    }
  }
}
