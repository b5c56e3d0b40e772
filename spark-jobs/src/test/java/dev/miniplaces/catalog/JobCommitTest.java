package dev.miniplaces.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.CliJvm;
import dev.miniplaces.testing.TrainedSynthModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} writes four tables; SIGKILLed after its second append (by {@link CrashingCatalog}, in the
 * commit itself), it leaves rows in two tables and none of them visible; run again, all four appear at once.
 */
class JobCommitTest {
  private static final List<String> TABLES = List.of("predictions", "class_accuracy", "confusion", "evaluations");

  @TempDir Path dir;

  @Test
  void aJobKilledBetweenTwoAppendsShowsNoneOfItsRows() throws Exception {
    TrainedSynthModel model = TrainedSynthModel.get();
    Path warehouse = dir.resolve("warehouse");
    List<String> evaluate = List.of("evaluate", "--model", model.run().toString(), "--data",
        model.dataset().toString(), "--out", dir.resolve("eval").toString());

    Process killed = miniplaces("evaluate-killed", warehouse, evaluate, "--conf", ResultsCatalog.CATALOG_KEY
        + ".catalog-impl=" + CrashingCatalog.class.getName(), "--conf", ResultsCatalog.CATALOG_KEY + "."
        + CrashingCatalog.KILL_AFTER + "=2");
    assertThat(killed.exitValue()).as("killed by SIGKILL; log:%n%s", logText("evaluate-killed")).isEqualTo(137);

    JdbcCatalog catalog = IcebergTables.open(warehouse.toString(), null);
    assertThat(IcebergTables.rows(catalog, "predictions")).as("the first append landed").isPositive();
    assertThat(IcebergTables.rows(catalog, "class_accuracy")).as("so did the second").isPositive();
    assertThat(catalog.tableExists(IcebergTables.id("confusion"))).as("the third never began").isFalse();
    assertThat(IcebergTables.rows(catalog, JobsLedger.NAME)).as("no ledger row").isZero();
    assertThat(visibleRows(warehouse)).containsExactly("0,0,0,0");

    Process whole = miniplaces("evaluate", warehouse, evaluate);
    assertThat(whole.exitValue()).as(logText("evaluate")).isZero();
    catalog = IcebergTables.open(warehouse.toString(), null);
    long confusion = IcebergTables.rows(catalog, "confusion"); // only the second job wrote it: the non-zero cells
    assertThat(visibleRows(warehouse)).containsExactly("64,4," + confusion + ",1");
    assertThat(IcebergTables.rows(catalog, "predictions")).as("the killed job's rows stay in the table, hidden")
        .isEqualTo(128);
    assertThat(dir.resolve("eval")).isDirectory();
  }

  /** What {@code miniplaces sql} shows of each evaluate table, as one CSV line of counts. */
  private List<String> visibleRows(Path warehouse) throws Exception {
    List<String> counts = new ArrayList<>();
    for (String table : TABLES) {
      counts.add("(SELECT " + (tableExists(warehouse, table) ? "count(*) FROM " + table : "0") + ")");
    }
    Process sql = miniplaces("sql", warehouse, List.of("sql", "SELECT concat_ws(',', " + String.join(", ", counts)
        + ") AS counts", "--format", "csv"));
    assertThat(sql.exitValue()).as(logText("sql")).isZero();
    List<String> lines = Files.readAllLines(log("sql"));
    int header = lines.indexOf("counts");
    assertThat(header).as(String.join("\n", lines)).isNotNegative();
    return List.of(lines.get(header + 1).replace("\"", ""));
  }

  private static boolean tableExists(Path warehouse, String table) {
    return IcebergTables.open(warehouse.toString(), null).tableExists(IcebergTables.id(table));
  }

  private Process miniplaces(String name, Path warehouse, List<String> args, String... settings) throws Exception {
    List<String> argv = new ArrayList<>(args);
    argv.addAll(List.of("--master", "local[2]", "--warehouse", warehouse.toString(), "--conf",
        "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1"));
    argv.addAll(List.of(settings));
    Process process = CliJvm.start(dir, dir, name, argv);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    return process;
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  private String logText(String name) throws java.io.IOException {
    return Files.readString(log(name));
  }
}
