package dev.miniplaces.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MiniplacesException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSettingsTest {
  private static final String KEY = ResultsCatalog.CATALOG_KEY;

  @TempDir Path dir;

  @Test
  void embeddedCatalogKeepsItsSqliteFileInALocalWarehouse() {
    Path warehouse = dir.resolve("wh");
    Map<String, String> settings = CatalogSettings.of(warehouse.toString(), null);

    assertThat(settings).containsEntry(KEY + ".catalog-impl", EmbeddedSqliteCatalog.class.getName())
        .containsEntry(KEY + ".warehouse", warehouse.toUri().toString().replaceAll("/$", ""))
        .containsEntry("spark.sql.defaultCatalog", ResultsCatalog.CATALOG);
    assertThat(settings.get(KEY + ".uri")).startsWith("jdbc:sqlite:" + warehouse.resolve("catalog.db"));
    assertThat(warehouse).isDirectory();
    assertThat(CatalogSettings.of("file://" + warehouse + "/", null).get(KEY + ".warehouse"))
        .isEqualTo(settings.get(KEY + ".warehouse"));
  }

  @Test
  void aDatabaseCatalogTakesAWarehouseOnAnyHadoopFilesystem() {
    Map<String, String> settings = CatalogSettings.of("hdfs://namenode:8020/miniplaces/warehouse/",
        "jdbc:postgresql://db:5432/miniplaces");

    assertThat(settings).containsEntry(KEY + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
        .containsEntry(KEY + ".uri", "jdbc:postgresql://db:5432/miniplaces")
        .containsEntry(KEY + ".warehouse", "hdfs://namenode:8020/miniplaces/warehouse");
    assertThat(CatalogSettings.of("s3a://bucket/wh", "thrift://metastore:9083"))
        .containsEntry(KEY + ".type", "hive").containsEntry(KEY + ".uri", "thrift://metastore:9083")
        .doesNotContainKey(KEY + ".catalog-impl");
  }

  @Test
  void theEmbeddedCatalogRefusesAWarehouseOffThisMachine() {
    assertThatThrownBy(() -> CatalogSettings.of("hdfs://namenode:8020/wh", null))
        .isInstanceOf(MiniplacesException.class)
        .hasMessageContaining("--warehouse hdfs://namenode:8020/wh is not on this machine")
        .hasMessageContaining("--catalog-uri jdbc:postgresql://");
  }

  @Test
  void unknownCatalogUrisAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> CatalogSettings.of("wh", "http://catalog"))
        .hasMessageStartingWith("--catalog-uri http://catalog: give a database's JDBC URL");
    assertThatThrownBy(() -> CatalogSettings.of("wh", "jdbc:sqlite:/tmp/x.db"))
        .hasMessageContaining("leave --catalog-uri out");
  }

  @Test
  void clusterManagersThatPlaceTheDriverRefuseTheEmbeddedCatalog() {
    String embedded = CatalogSettings.of(dir.toString(), null).get(KEY + ".uri");
    for (String master : new String[] {"yarn", "k8s://https://api:6443"}) {
      assertThatThrownBy(() -> CatalogSettings.checkReachable(master, embedded))
          .hasMessageStartingWith("--master " + master + " runs the driver and executors in containers");
    }
    CatalogSettings.checkReachable("spark://host:7077", embedded);
    CatalogSettings.checkReachable("yarn", "jdbc:postgresql://db/miniplaces");
  }
}
