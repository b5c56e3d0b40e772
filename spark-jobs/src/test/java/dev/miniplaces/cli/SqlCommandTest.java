package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.catalog.CatalogWrite;
import dev.miniplaces.catalog.ResultsCatalog;
import dev.miniplaces.testing.LocalSpark;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code miniplaces sql} over the results catalog of the test JVM's Spark. */
class SqlCommandTest {
  private static final String DATASET = "ds-sql-" + UUID.randomUUID();

  @BeforeAll
  static void registerRows() {
    var spark = LocalSpark.get();
    CatalogWrite write = ResultsCatalog.begin(spark, "probe", "run, \"quoted\"", DATASET);
    write.append("sql_probe", spark.sql("SELECT id, CAST(id * 1.5 AS DOUBLE) AS score, array(id, id + 1) AS pair, "
        + "unhex('CAFE') AS bytes FROM range(3)"));
    write.commit();
  }

  @Test
  void showsAJobsRowsOnlyOnceItCommitted() {
    var spark = LocalSpark.get();
    String dataset = "ds-uncommitted-" + UUID.randomUUID();
    CatalogWrite write = ResultsCatalog.begin(spark, "probe", "run", dataset);
    write.append("sql_probe", spark.sql("SELECT id, CAST(0 AS DOUBLE) AS score, array(id) AS pair, "
        + "unhex('00') AS bytes FROM range(5)"));
    write.append("sql_probe_other", spark.sql("SELECT id FROM range(2)"));
    String count = "SELECT (SELECT count(*) FROM sql_probe WHERE dataset_id = '" + dataset + "') AS a, "
        + "(SELECT count(*) FROM sql_probe_other WHERE dataset_id = '" + dataset + "') AS b";

    assertThat(CliRun.of("sql", count, "--format", "csv").out().lines()).containsExactly("a,b", "0,0");
    assertThat(spark.table(ResultsCatalog.table("sql_probe")).where("dataset_id = '" + dataset + "'").count())
        .as("the rows are in the table, not yet visible").isEqualTo(5);

    write.commit();
    assertThat(CliRun.of("sql", count, "--format", "csv").out().lines()).containsExactly("a,b", "5,2");
  }

  private static String query() {
    return "SELECT id, score, pair, bytes, run_id FROM sql_probe WHERE dataset_id = '" + DATASET + "' ORDER BY id";
  }

  @Test
  void printsAnAlignedTable() {
    CliRun run = CliRun.of("sql", query());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("id | score | pair  | bytes     | run_id", "0  | 0.0   | [0,1] | <2 bytes> | run,",
        "(3 rows)");
  }

  @Test
  void printsCsvAndJsonLines() {
    CliRun csv = CliRun.of("sql", query(), "--format", "csv");
    assertThat(csv.out().lines()).containsExactly("id,score,pair,bytes,run_id",
        "0,0.0,\"[0,1]\",<2 bytes>,\"run, \"\"quoted\"\"\"", "1,1.5,\"[1,2]\",<2 bytes>,\"run, \"\"quoted\"\"\"",
        "2,3.0,\"[2,3]\",<2 bytes>,\"run, \"\"quoted\"\"\"");

    CliRun json = CliRun.of("sql", query(), "--format", "json");
    assertThat(json.out().lines()).hasSize(3).first().asString()
        .startsWith("{\"id\":0,\"score\":0.0,\"pair\":[0,1]");
    assertThat(json.err()).doesNotContain("Printed the first");
  }

  @Test
  void saysWhenRowsWereCut() {
    CliRun json = CliRun.of("sql", query(), "--format", "json", "--limit", "1");
    assertThat(json.out().lines()).singleElement().asString().startsWith("{\"id\":0,");
    assertThat(json.err()).contains("Printed the first 1 rows; the query has more (--limit N for more");

    CliRun table = CliRun.of("sql", query(), "--limit", "2");
    assertThat(table.out()).contains("(2 rows)").doesNotContain("2  | 3.0");
    assertThat(table.err()).contains("Printed the first 2 rows");

    CliRun exact = CliRun.of("sql", query(), "--limit", "3");
    assertThat(exact.out()).contains("(3 rows)");
    assertThat(exact.err()).doesNotContain("Printed the first");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "DROP TABLE sql_probe", "DELETE FROM sql_probe WHERE id = 0", "INSERT INTO sql_probe_other VALUES (7)",
      "WITH t AS (SELECT 7 AS id) INSERT INTO sql_probe_other SELECT * FROM t",
      "CREATE TABLE sql_new AS SELECT 1 AS x", "ALTER TABLE sql_probe RENAME TO sql_renamed",
      "TRUNCATE TABLE sql_probe", "UPDATE sql_probe SET score = 0"})
  void refusesWhatWouldChangeTheResultsUnlessAllowed(String statement) {
    CliRun run = CliRun.of("sql", statement);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("The statement changes the results (", "--allow-writes");
    assertThat(CliRun.of("sql", query()).out()).contains("(3 rows)");
  }

  @Test
  void readsWithoutAllowingWrites() {
    assertThat(CliRun.of("sql", "SHOW TABLES").out()).contains("sql_probe");
    assertThat(CliRun.of("sql", "DESCRIBE sql_probe").out()).contains("score");
    assertThat(CliRun.of("sql", "EXPLAIN SELECT * FROM sql_probe").exitCode()).isZero();
  }

  @Test
  void changesTheResultsWhenAllowed() {
    String dataset = "ds-allowed-" + UUID.randomUUID();
    CatalogWrite write = ResultsCatalog.begin(LocalSpark.get(), "probe", "run", dataset);
    write.append("sql_probe_deleted", LocalSpark.get().sql("SELECT id FROM range(4)"));
    write.commit();
    String count = "SELECT count(*) AS n FROM sql_probe_deleted WHERE dataset_id = '" + dataset + "'";

    CliRun delete = CliRun.of("sql", "DELETE FROM sql_probe_deleted WHERE id < 3", "--allow-writes");

    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(CliRun.of("sql", count, "--format", "csv").out().lines()).containsExactly("n", "1");
  }

  @Test
  void badInputNamesItself() {
    CliRun format = CliRun.of("sql", "SELECT 1", "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format", "xml", "table, csv or json");

    CliRun missing = CliRun.of("sql", "SELECT * FROM no_such_table");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no_such_table");
  }
}
