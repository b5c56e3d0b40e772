package dev.miniplaces.catalog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.JavaConverters;

/**
 * Tells statements that only read the catalog from those that change it, from Spark's parse of the statement
 * (nothing is analysed or run): {@code sql} refuses the latter unless asked to allow them. Queries are plans that
 * are not commands; among commands only those that show or describe are read-only. An unknown command counts as a
 * write, so a statement the list does not know is refused rather than run.
 */
public final class ReadOnlyStatements {
  private static final Set<String> READING_COMMANDS = Set.of(
      "ShowTables", "ShowTableExtended", "ShowViews", "ShowNamespaces", "ShowColumns", "ShowFunctions",
      "ShowCreateTable", "ShowTableProperties", "ShowPartitions", "ShowCatalogsCommand",
      "ShowCurrentNamespaceCommand", "DescribeRelation", "DescribeColumn", "DescribeNamespace", "DescribeFunction",
      "DescribeQueryCommand", "ExplainCommand", "SetCommand", "SetCatalogAndNamespace");
  /** Writes that Spark's parser does not give as commands. */
  private static final Set<String> WRITING_STATEMENTS = Set.of("InsertIntoStatement", "InsertIntoDir");

  private ReadOnlyStatements() {}

  /**
   * The part of {@code statement} that would change data or the catalog, as Spark names it (e.g.
   * {@code DropTable}, {@code DeleteFromTable}); empty when it only reads, or does not parse (running it then
   * reports Spark's parse error, as for any bad SQL).
   */
  public static Optional<String> firstWrite(SparkSession spark, String statement) {
    Deque<LogicalPlan> pending = new ArrayDeque<>();
    try {
      pending.push(spark.sessionState().sqlParser().parsePlan(statement));
    } catch (ParseException e) {
      return Optional.empty();
    }
    while (!pending.isEmpty()) {
      LogicalPlan plan = pending.pop();
      String name = plan.getClass().getSimpleName();
      if (plan instanceof Command ? !READING_COMMANDS.contains(name) : WRITING_STATEMENTS.contains(name)) {
        return Optional.of(name);
      }
      JavaConverters.seqAsJavaList(plan.children()).forEach(pending::push);
    }
    return Optional.empty();
  }
}
