package dev.miniplaces.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.ChildJvms;
import dev.miniplaces.testing.MiniHdfs;
import dev.miniplaces.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs append to the same table of one catalog at the same time, as two jobs do: every append lands, each as
 * its own snapshot, and none overwrites another. Once in the embedded catalog of a local warehouse (two jobs on one
 * machine), once in a PostgreSQL database with the warehouse on HDFS (jobs on a cluster).
 */
class CatalogAcrossProcessesTest {
  private static final int APPENDS = 8;

  @TempDir Path dir;

  @Test
  void appendsFromTwoProcessesAllLandInTheEmbeddedCatalog() throws Exception {
    String warehouse = dir.resolve("warehouse").toString();
    Table table = appendFromTwoProcesses(warehouse, null);
    assertThat(table.location()).startsWith(dir.toUri().toString());
  }

  @Test
  void appendsFromTwoProcessesAllLandInPostgresWithTheWarehouseOnHdfs() throws Exception {
    try (PostgresServer postgres = PostgresServer.start("catalog");
        MiniHdfs hdfs = MiniHdfs.start(dir.resolve("hdfs"))) {
      String warehouse = hdfs.uri("/warehouse");
      Table table = appendFromTwoProcesses(warehouse, postgres.jdbcUrl("catalog"));

      assertThat(table.location()).startsWith(warehouse + "/" + ResultsCatalog.NAMESPACE);
      assertThat(hdfs.files("/warehouse")).as("data and metadata files on HDFS").anyMatch(f -> f.endsWith(
          ".parquet")).anyMatch(f -> f.endsWith(".metadata.json"));
      assertThat(postgres.query("catalog", "SELECT table_name FROM iceberg_tables"))
          .containsExactlyInAnyOrder(CatalogAppendLoop.TABLE, JobsLedger.NAME);
      assertThat(dir.resolve("warehouse")).doesNotExist();
    }
  }

  private Table appendFromTwoProcesses(String warehouse, String catalogUri) throws Exception {
    List<String> writers = List.of("a", "b");
    Map<String, Process> children = new HashMap<>();
    for (String writer : writers) {
      List<String> args = new ArrayList<>(List.of(warehouse, writer, String.valueOf(APPENDS)));
      if (catalogUri != null) {
        args.add(catalogUri);
      }
      children.put(writer, ChildJvms.javaMain(CatalogAppendLoop.class, args.toArray(String[]::new))
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(writer + ".log").toFile())
          .start());
    }
    for (String writer : writers) {
      Process child = children.get(writer);
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("writer %s finished", writer).isTrue();
      assertThat(child.exitValue()).as("writer %s's exit status; log:%n%s", writer, log(writer)).isZero();
    }

    Table table = IcebergTables.open(warehouse, catalogUri).loadTable(IcebergTables.id(CatalogAppendLoop.TABLE));
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    assertThat(snapshots).as("one snapshot per append").isEqualTo(2 * APPENDS);
    Set<String> jobs = new HashSet<>();
    long rows = 0;
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        jobs.add((String) record.getField("job_id"));
        rows++;
      }
    }
    assertThat(rows).isEqualTo(2 * APPENDS * 10);
    assertThat(jobs).hasSize(2 * APPENDS);
    return table;
  }

  private String log(String writer) throws Exception {
    return Files.readString(dir.resolve(writer + ".log"));
  }
}
