package dev.miniplaces.catalog;

import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Spark settings of the results catalog ({@value ResultsCatalog#CATALOG}), from two of the user's: where its
 * tables' files go ({@value #WAREHOUSE_KEY}, {@code --warehouse}) and where it lists them
 * ({@value #URI_KEY}, {@code --catalog-uri}).
 *
 * <ul>
 *   <li>No catalog URI: the <b>embedded</b> catalog, Iceberg's JDBC catalog in the SQLite file {@code catalog.db}
 *       of a local warehouse. For one machine; a warehouse on another filesystem is refused, since SQLite's
 *       locks do not hold across hosts.
 *   <li>{@code jdbc:postgresql://...} (or another database's JDBC URL): Iceberg's JDBC catalog in that database,
 *       files in a warehouse on any Hadoop filesystem ({@code hdfs://}, {@code s3a://}). Each commit is one
 *       conditional update of a row, so many writers on many hosts are safe.
 *   <li>{@code thrift://...}: Iceberg's Hive metastore catalog; needs Spark built with Hive.
 * </ul>
 *
 * Settings the user gives under {@code spark.sql.catalog.miniplaces.*} (a password, say) win over these.
 */
public final class CatalogSettings {
  /** Where the catalog keeps its tables' files: a Spark setting ({@code --conf}). */
  public static final String WAREHOUSE_KEY = "spark.miniplaces.warehouse";
  public static final String DEFAULT_WAREHOUSE = "miniplaces-warehouse";
  /** The database or metastore that lists the tables; unset for the embedded SQLite file. */
  public static final String URI_KEY = "spark.miniplaces.catalog.uri";

  static final String SQLITE = "jdbc:sqlite:";
  private static final String PREFIX = ResultsCatalog.CATALOG_KEY;
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private CatalogSettings() {}

  /**
   * The settings for {@code warehouse} (a local folder or any Hadoop URI) and {@code catalogUri} (null for the
   * embedded catalog); a local warehouse of the embedded catalog is created if missing.
   *
   * @throws MiniplacesException naming the option to change when the two do not go together
   */
  public static Map<String, String> of(String warehouse, String catalogUri) {
    String location = qualified(warehouse);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(PREFIX, "org.apache.iceberg.spark.SparkCatalog");
    if (catalogUri == null || catalogUri.isBlank()) {
      settings.putAll(embedded(location));
    } else if (catalogUri.startsWith(SQLITE)) {
      throw new MiniplacesException("--catalog-uri " + catalogUri + ": the embedded SQLite catalog is the "
          + "default; leave --catalog-uri out and give --warehouse its folder");
    } else if (catalogUri.startsWith("jdbc:")) {
      settings.put(PREFIX + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
      settings.put(PREFIX + ".uri", catalogUri);
      settings.put(PREFIX + ".jdbc.schema-version", "V1"); // V1 also lists views
    } else if (catalogUri.startsWith("thrift:")) {
      settings.put(PREFIX + ".type", "hive");
      settings.put(PREFIX + ".uri", catalogUri);
    } else {
      throw new MiniplacesException("--catalog-uri " + catalogUri + ": give a database's JDBC URL "
          + "(jdbc:postgresql://HOST:PORT/DATABASE) or a Hive metastore's (thrift://HOST:9083)");
    }
    settings.put(PREFIX + ".warehouse", location);
    settings.put(PREFIX + ".default-namespace", ResultsCatalog.NAMESPACE);
    settings.put("spark.sql.defaultCatalog", ResultsCatalog.CATALOG);
    // Row-level DELETE, used to take back a failed job's appends.
    settings.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    return settings;
  }

  /** Whether these settings are the embedded catalog's (a SQLite file), which only one machine may use. */
  static boolean isEmbedded(String catalogUriSetting) {
    return catalogUriSetting.startsWith(SQLITE);
  }

  /**
   * Refuses the embedded catalog under a cluster manager that runs the driver and executors on hosts of its
   * choosing (YARN, Kubernetes), where a local warehouse is a different folder in each container.
   */
  public static void checkReachable(String master, String catalogUriSetting) {
    if ((master.startsWith("yarn") || master.startsWith("k8s:")) && isEmbedded(catalogUriSetting)) {
      throw new MiniplacesException("--master " + master + " runs the driver and executors in containers on "
          + "hosts of its choosing, where the embedded results catalog (a SQLite file in a local --warehouse) "
          + "would be lost: give --catalog-uri jdbc:postgresql://HOST:PORT/DATABASE and a --warehouse on "
          + "cluster storage (hdfs://, s3a://); see docs/deploy.md");
    }
  }

  private static Map<String, String> embedded(String location) {
    URI uri = URI.create(location);
    if (!"file".equals(uri.getScheme())) {
      throw new MiniplacesException("--warehouse " + location + " is not on this machine, and the embedded "
          + "results catalog (a SQLite file) is for one machine only: give the catalog a database that every "
          + "host reaches, --catalog-uri jdbc:postgresql://HOST:PORT/DATABASE (or " + URI_KEY
          + "), or a local --warehouse; see docs/deploy.md");
    }
    Path dir = Path.of(uri);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw unwritable(dir, e.toString());
    }
    if (!Files.isWritable(dir)) {
      throw unwritable(dir, "not writable by this user");
    }
    // WAL, so that readers never block the writer; and a writer waits for another process's commit rather than
    // fail.
    return Map.of(
        PREFIX + ".catalog-impl", EmbeddedSqliteCatalog.class.getName(),
        PREFIX + ".uri", SQLITE + dir.resolve("catalog.db") + "?journal_mode=WAL&busy_timeout=60000",
        PREFIX + ".jdbc.schema-version", "V1");
  }

  /** Every Spark command opens the catalog, so a read-only working directory would stop them all. */
  private static MiniplacesException unwritable(Path dir, String why) {
    return new MiniplacesException("The results catalog's warehouse " + dir + " cannot be written (" + why
        + "): give --warehouse a folder you may write" + (dir.getFileName().toString().equals(DEFAULT_WAREHOUSE)
        ? " (the default, ./" + DEFAULT_WAREHOUSE + ", is in the working directory)" : ""));
  }

  /** {@code warehouse} as a URI: a Hadoop URI as given, a local path as an absolute {@code file:} URI. */
  static String qualified(String warehouse) {
    if (warehouse == null || warehouse.isBlank()) {
      throw new MiniplacesException("--warehouse: give a folder or a Hadoop URI (hdfs://, s3a://)");
    }
    String trimmed = warehouse.strip();
    String uri = trimmed;
    if (!SCHEME.matcher(trimmed).matches()) {
      uri = Path.of(trimmed).toAbsolutePath().normalize().toUri().toString();
    } else if (trimmed.startsWith("file:")) {
      uri = Path.of(URI.create(trimmed)).normalize().toUri().toString();
    }
    return uri.replaceAll("(?<!/)/+$", ""); // a folder's URI ends with "/" only once it exists
  }
}
