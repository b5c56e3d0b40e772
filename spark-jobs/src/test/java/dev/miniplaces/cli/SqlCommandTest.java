package dev.miniplaces.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    ResultsCatalog.begin(spark, "probe", "run, \"quoted\"", DATASET).append("sql_probe",
        spark.sql("SELECT id, CAST(id * 1.5 AS DOUBLE) AS score, array(id, id + 1) AS pair, "
            + "unhex('CAFE') AS bytes FROM range(3)"));
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
