package dev.miniplaces.catalog;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A query's rows printed for people ({@link Format#TABLE}) or programs ({@link Format#CSV}, JSON Lines). */
public final class QueryOutput {
  public enum Format { TABLE, CSV, JSON }

  /** Cells wider than this are cut in tables; CSV and JSON keep everything. */
  static final int MAX_CELL = 60;

  private QueryOutput() {}

  /**
   * Prints at most {@code limit} rows (0: all) to {@code out}, and to {@code notes} a line saying so when the
   * query had more. CSV and JSON stream (the driver holds one partition at a time); a table holds its rows to
   * align them. Returns how many rows were printed.
   */
  public static long print(Dataset<Row> result, Format format, int limit, PrintWriter out, PrintWriter notes) {
    // One row past the limit tells whether rows were cut, without counting the whole result.
    Dataset<Row> rows = limit > 0 ? result.limit(limit + 1) : result;
    Iterator<String[]> lines = asLines(result, rows, format);
    String[] names = result.columns();
    long printed = 0;
    List<String[]> cells = new ArrayList<>();
    if (format == Format.CSV) {
      out.println(csvLine(names));
    }
    while (lines.hasNext() && (limit == 0 || printed < limit)) {
      String[] line = lines.next();
      switch (format) {
        case JSON -> out.println(line[0]);
        case CSV -> out.println(csvLine(line));
        case TABLE -> cells.add(line);
      }
      printed++;
    }
    if (format == Format.TABLE) {
      printTable(names, cells, out);
    }
    out.flush();
    if (lines.hasNext()) {
      notes.printf("Printed the first %,d rows; the query has more (--limit N for more, --limit 0 for all)%n",
          limit);
      notes.flush();
    }
    return printed;
  }

  /** {@link #print} with notes on the same writer: for a console that shows both. */
  public static long print(Dataset<Row> result, Format format, int limit, PrintWriter out) {
    return print(result, format, limit, out, out);
  }

  private static Iterator<String[]> asLines(Dataset<Row> result, Dataset<Row> rows, Format format) {
    if (format == Format.JSON) {
      Iterator<String> json = rows.toJSON().toLocalIterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return json.hasNext();
        }

        @Override
        public String[] next() {
          return new String[] {json.next()};
        }
      };
    }
    int columns = result.columns().length;
    Iterator<Row> text = rows.select(asText(result.schema())).toLocalIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return text.hasNext();
      }

      @Override
      public String[] next() {
        Row r = text.next();
        String[] line = new String[columns];
        for (int i = 0; i < columns; i++) {
          line[i] = r.isNullAt(i) ? (format == Format.CSV ? "" : "NULL") : r.getString(i);
        }
        return line;
      }
    };
  }

  /** Every column as text: nested values as JSON, binary as its length. */
  private static Column[] asText(StructType schema) {
    Column[] columns = new Column[schema.fields().length];
    for (int i = 0; i < columns.length; i++) {
      StructField f = schema.fields()[i];
      Column c = functions.col("`" + f.name().replace("`", "``") + "`");
      if (f.dataType() instanceof ArrayType || f.dataType() instanceof MapType
          || f.dataType() instanceof StructType) {
        columns[i] = functions.to_json(c);
      } else if (f.dataType() instanceof BinaryType) {
        columns[i] = functions.concat(functions.lit("<"), functions.length(c).cast("string"),
            functions.lit(" bytes>"));
      } else {
        columns[i] = c.cast("string");
      }
    }
    return columns;
  }

  private static void printTable(String[] names, List<String[]> cells, PrintWriter out) {
    int[] widths = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      widths[i] = Math.min(MAX_CELL, names[i].length());
      for (String[] line : cells) {
        widths[i] = Math.max(widths[i], Math.min(MAX_CELL, line[i].length()));
      }
    }
    out.println(row(names, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (String[] line : cells) {
      out.println(row(line, widths));
    }
    out.printf("(%d row%s)%n", cells.size(), cells.size() == 1 ? "" : "s");
  }

  private static String row(String[] cells, int[] widths) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i].length() > widths[i] ? cells[i].substring(0, widths[i] - 1) + "…" : cells[i];
      s.append(i == 0 ? "" : " | ").append(cell).append(" ".repeat(widths[i] - cell.length()));
    }
    return s.toString().stripTrailing();
  }

  /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
  static String csvLine(String[] fields) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      String f = fields[i];
      if (i > 0) {
        s.append(',');
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        s.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        s.append(f);
      }
    }
    return s.toString();
  }
}
