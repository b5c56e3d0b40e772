package dev.miniplaces.spark;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.bytedeco.javacpp.Pointer;

/**
 * The off-heap memory each task of an executor may use. ND4J keeps every array outside the Java heap, and shares
 * that room among the tasks an executor runs at once; Spark's heap settings never see it. JavaCPP's
 * {@code org.bytedeco.javacpp.maxbytes} does not bound it: ND4J 1.0.0-M2.1 allocates its arrays natively, past
 * JavaCPP's counter (measured: a 400 MB array leaves {@code Pointer.totalBytes()} unchanged). What does bound it is
 * the container: YARN and Kubernetes kill an executor whose memory passes its heap plus
 * {@code spark.executor.memoryOverhead}. So that overhead is the room; in local mode, this machine's memory less
 * this JVM's heap.
 *
 * @param bytes off-heap room of one executor
 * @param concurrentTasks tasks an executor runs at once
 * @param source where both numbers come from, for messages
 */
public record OffHeapLimit(long bytes, int concurrentTasks, String source) {
  private static final long MIN_OVERHEAD = 384L << 20; // Spark's floor for the default overhead

  public static OffHeapLimit of(SparkContext sc) {
    SparkConf conf = sc.getConf();
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    if (sc.isLocal()) {
      int tasks = Math.max(1, sc.defaultParallelism() / taskCpus);
      long heap = Runtime.getRuntime().maxMemory();
      long room = Math.max(0, Pointer.totalPhysicalBytes() - heap);
      return new OffHeapLimit(room, tasks, String.format(Locale.ROOT, "local mode: this machine's %s of memory "
          + "less this JVM's %s heap, over %d task threads", format(Pointer.totalPhysicalBytes()),
          format(heap), tasks));
    }
    return ofExecutors(conf);
  }

  /** The room of the executors that {@code conf} describes (on a cluster manager). */
  public static OffHeapLimit ofExecutors(SparkConf conf) {
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    long heap = conf.getSizeAsBytes("spark.executor.memory", "1g");
    boolean overheadSet = conf.contains("spark.executor.memoryOverhead");
    long overhead = overheadSet ? conf.getSizeAsMb("spark.executor.memoryOverhead", "0") << 20
        : Math.max(MIN_OVERHEAD, (long) (conf.getDouble("spark.executor.memoryOverheadFactor", 0.1) * heap));
    boolean coresSet = conf.contains("spark.executor.cores");
    int tasks = Math.max(1, conf.getInt("spark.executor.cores", 1) / taskCpus);
    return new OffHeapLimit(overhead, tasks, String.format(Locale.ROOT, "spark.executor.memoryOverhead %s%s over "
            + "%d task%s per executor (%s)", format(overhead), overheadSet ? "" : " (Spark's default)",
        tasks, tasks == 1 ? "" : "s",
        coresSet ? "spark.executor.cores / spark.task.cpus" : "spark.executor.cores unset: YARN's and Kubernetes' 1"));
  }

  /** A size for people: "3.0 GiB", "512 MiB". */
  public static String format(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }

  /** Each task's share. */
  public long perTask() {
    return bytes / concurrentTasks;
  }
}
