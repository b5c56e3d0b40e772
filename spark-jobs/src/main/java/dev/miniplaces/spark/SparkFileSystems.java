package dev.miniplaces.spark;

import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** The Hadoop filesystem of a path, with the session's Hadoop settings ({@code spark.hadoop.*}). */
public final class SparkFileSystems {
  private SparkFileSystems() {}

  public static FileSystem of(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new MiniplacesException("Cannot reach the filesystem of " + path + ": " + e.getMessage(), e);
    }
  }
}
