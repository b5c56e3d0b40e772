package dev.miniplaces.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Iceberg's JDBC catalog over the embedded SQLite file, with a fresh connection for every call instead of a pool.
 * Opening the catalog, {@code JdbcCatalog} leaves a metadata query's result set open; on a pooled connection that
 * pins a SQLite read transaction, and once another process has written, every write on that connection fails with
 * SQLITE_BUSY_SNAPSHOT. A connection per call costs a file open and always sees the latest state.
 */
public class EmbeddedSqliteCatalog extends JdbcCatalog {
  public EmbeddedSqliteCatalog() {
    super(null, properties -> new ConnectionPerCall(properties.get(CatalogProperties.URI), properties), true);
  }

  private static final class ConnectionPerCall extends JdbcClientPool {
    ConnectionPerCall(String uri, Map<String, String> properties) {
      super(uri, properties);
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action) throws SQLException, InterruptedException {
      return run(action, false);
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action, boolean retry) throws SQLException,
        InterruptedException {
      try (Connection connection = newClient()) {
        return action.run(connection);
      }
    }
  }
}
