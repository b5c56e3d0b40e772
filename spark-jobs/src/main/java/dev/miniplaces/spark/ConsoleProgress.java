package dev.miniplaces.spark;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a job's progress every few seconds, one line each, so that logs stay readable:
 * {@code ingest: 12,000/110,000 images (10.9%), 850 images/s, ETA 1m55s}. Closing prints the final line.
 */
public final class ConsoleProgress implements AutoCloseable {
  private final String label;
  private final String unit;
  private final long total;
  private final LongSupplier done;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;

  /**
   * @param label what is running, printed first
   * @param unit what is counted, plural: "images"
   * @param total how many there are to do; 0 or less if unknown
   * @param done how many are done so far; read from the printing thread
   */
  public ConsoleProgress(String label, String unit, long total, LongSupplier done, PrintWriter out, Duration every) {
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.done = done;
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-" + label);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void print() {
    out.println(line(done.getAsLong(), System.nanoTime() - startNanos));
    out.flush();
  }

  String line(long count, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
    double rate = count / seconds;
    StringBuilder s = new StringBuilder(label).append(": ").append(String.format(Locale.ROOT, "%,d", count));
    if (total > 0) {
      s.append(String.format(Locale.ROOT, "/%,d %s (%.1f%%)", total, unit, 100.0 * count / total));
    } else {
      s.append(' ').append(unit);
    }
    s.append(String.format(Locale.ROOT, ", %,.0f %s/s", rate, unit));
    if (total > 0 && count > 0 && count < total) {
      s.append(", ETA ").append(formatDuration(Duration.ofSeconds((long) Math.ceil((total - count) / rate))));
    } else {
      s.append(", elapsed ").append(formatDuration(Duration.ofSeconds((long) seconds)));
    }
    return s.toString();
  }

  public static String formatDuration(Duration d) {
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    return h > 0 ? h + "h" + String.format(Locale.ROOT, "%02dm", m)
        : m > 0 ? m + "m" + String.format(Locale.ROOT, "%02ds", s) : s + "s";
  }

  @Override
  public void close() {
    timer.shutdownNow();
    print();
  }
}
