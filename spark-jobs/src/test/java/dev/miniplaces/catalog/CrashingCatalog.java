package dev.miniplaces.catalog;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * The embedded catalog, with a crash: the JVM SIGKILLs itself right after its Nth table commit (catalog property
 * {@value #KILL_AFTER}), the ledger's not counted. For tests of what a job killed between two appends leaves.
 */
public class CrashingCatalog extends EmbeddedSqliteCatalog {
  public static final String KILL_AFTER = "kill-after-commits";
  private final AtomicInteger commits = new AtomicInteger();
  private int killAfter = Integer.MAX_VALUE;

  @Override
  public void initialize(String name, Map<String, String> properties) {
    killAfter = Integer.parseInt(properties.getOrDefault(KILL_AFTER, String.valueOf(Integer.MAX_VALUE)));
    super.initialize(name, properties);
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier table) {
    TableOperations ops = super.newTableOps(table);
    return JobsLedger.NAME.equals(table.name()) ? ops : new Crashing(ops);
  }

  private final class Crashing implements TableOperations {
    private final TableOperations delegate;

    Crashing(TableOperations delegate) {
      this.delegate = delegate;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      delegate.commit(base, metadata);
      if (commits.incrementAndGet() >= killAfter) {
        try {
          System.out.println("CrashingCatalog: SIGKILL after commit " + commits.get());
          System.out.flush();
          // bash's own kill: no procps needed, and a JVM cannot SIGKILL itself through ProcessHandle.
          new ProcessBuilder("bash", "-c", "kill -9 " + ProcessHandle.current().pid()).start().waitFor();
          Thread.sleep(60_000);
        } catch (Exception e) {
          Runtime.getRuntime().halt(137);
        }
      }
    }

    @Override
    public TableMetadata current() {
      return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
      return delegate.refresh();
    }

    @Override
    public FileIO io() {
      return delegate.io();
    }

    @Override
    public EncryptionManager encryption() {
      return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommitted) {
      return delegate.temp(uncommitted);
    }

    @Override
    public long newSnapshotId() {
      return delegate.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
      return delegate.requireStrictCleanup();
    }
  }
}
