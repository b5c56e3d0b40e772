package dev.miniplaces.cli;

import dev.miniplaces.catalog.QueryOutput;
import dev.miniplaces.catalog.ReadOnlyStatements;
import dev.miniplaces.catalog.ResultsCatalog;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code miniplaces sql}: Spark SQL over the results catalog. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a Spark SQL query over the results catalog, where every job registers what it writes: datasets, "
          + "rejected_images, runs, epoch_metrics, iteration_metrics, predictions, class_accuracy, confusion, "
          + "evaluations, attention, adversarial, adversarial_summary. Every row carries run_id, dataset_id and "
          + "job_id. 'SHOW TABLES' lists them; 'DESCRIBE predictions' shows a table's columns. Read-only unless --allow-writes is given."
    })
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT * FROM evaluations\".")
  String query;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
      description = "Output: an aligned table, CSV with a header, or JSON Lines. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--limit", defaultValue = "1000", paramLabel = "ROWS",
      description = "Most rows printed (a note on stderr says when the query had more); 0 for all. Default: "
          + "${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--allow-writes",
      description = "Run statements that change the results (DROP, DELETE, INSERT, UPDATE, MERGE, CREATE, ALTER, "
          + "Iceberg's CALL), on the tables themselves: plain names then show every job's rows, committed or not. "
          + "Without it sql reads only committed jobs' rows, and refuses such statements before anything runs.")
  boolean allowWrites;

  @Override
  public Integer call() {
    QueryOutput.Format chosen;
    try {
      chosen = QueryOutput.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(spec, "--format", format, "table, csv or json");
    }
    OptionChecks.atLeast(spec, "--limit", limit, 0);
    SparkSession spark = sparkOptions.session("miniplaces sql");
    if (allowWrites) {
      // On the tables themselves: the committed views cannot be changed, and a write takes the catalog's lock.
      ResultsCatalog.change(spark, () -> QueryOutput.print(spark.sql(query), chosen, limit,
          spec.commandLine().getOut(), spec.commandLine().getErr()));
      return 0;
    }
    ReadOnlyStatements.firstWrite(spark, query).ifPresent(write -> {
      throw new ParameterException(spec.commandLine(), "The statement changes the results (" + write
          + "), and sql only reads unless --allow-writes is given");
    });
    ResultsCatalog.openForQueries(spark);
    QueryOutput.print(spark.sql(query), chosen, limit, spec.commandLine().getOut(), spec.commandLine().getErr());
    return 0;
  }
}
