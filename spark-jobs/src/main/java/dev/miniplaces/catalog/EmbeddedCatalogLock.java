package dev.miniplaces.catalog;

import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.sql.SparkSession;

/**
 * Serialises changes to the embedded catalog across the threads and processes of one machine. Iceberg's JDBC
 * catalog checks and then writes in separate statements (create the namespace if missing, create a table if
 * missing, swap a table's metadata if unchanged), and SQLite's locking covers one statement at a time; so jobs take
 * {@code catalog.db.lock}, an OS file lock next to the database, while they change the catalog. Appends of
 * different jobs then commit one after another instead of retrying against each other. Catalogs other than the
 * embedded SQLite one are left to their own concurrency control.
 */
final class EmbeddedCatalogLock {
  /** A JVM may hold a file's lock only once; its threads queue here first. */
  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private EmbeddedCatalogLock() {}

  static <T> T holding(SparkSession spark, Callable<T> action) {
    String uri = spark.conf().get(ResultsCatalog.CATALOG_KEY + ".uri", "");
    if (!CatalogSettings.isEmbedded(uri)) {
      return call(action);
    }
    Path file = Path.of(uri.substring(CatalogSettings.SQLITE.length()).split("\\?", 2)[0] + ".lock").toAbsolutePath();
    ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
    inProcess.lock();
    try {
      if (inProcess.getHoldCount() > 1) {
        return call(action); // this thread holds the file lock already
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return call(action);
      } catch (IOException e) {
        throw new MiniplacesException("Cannot lock the results catalog at " + file + ": " + e.getMessage(), e);
      }
    } finally {
      inProcess.unlock();
    }
  }

  private static <T> T call(Callable<T> action) {
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MiniplacesException(e.getMessage(), e);
    }
  }
}
