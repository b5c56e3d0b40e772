package dev.miniplaces.catalog;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** The results catalog read with Iceberg's own client, without Spark: what a test checks a job left behind. */
final class IcebergTables {
  private IcebergTables() {}

  /**
   * The catalog as any Iceberg client opens it, from the settings users give a spark-sql shell. A new one for each
   * look: a pooled SQLite connection keeps reading the state it first saw.
   */
  static JdbcCatalog open(String warehouse, String catalogUri) {
    Map<String, String> properties = new HashMap<>();
    String prefix = ResultsCatalog.CATALOG_KEY + ".";
    CatalogSettings.of(warehouse, catalogUri).forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        properties.put(key.substring(prefix.length()), value);
      }
    });
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(ResultsCatalog.CATALOG, properties);
    return catalog;
  }

  static TableIdentifier id(String table) {
    return TableIdentifier.of(ResultsCatalog.NAMESPACE, table);
  }

  /** Every row of {@code table}, committed or not, counted. */
  static long rows(JdbcCatalog catalog, String table) throws IOException {
    long rows = 0;
    try (CloseableIterable<Record> records = IcebergGenerics.read(catalog.loadTable(id(table))).build()) {
      for (Record ignored : records) {
        rows++;
      }
    }
    return rows;
  }
}
