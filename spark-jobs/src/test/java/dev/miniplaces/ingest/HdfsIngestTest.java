package dev.miniplaces.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.layout.Split;
import dev.miniplaces.testing.ExpectedOutcomes;
import dev.miniplaces.testing.Fixtures;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.testing.MiniHdfs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest from and to hdfs:// on Hadoop's in-process mini cluster (a real namenode and datanode). */
class HdfsIngestTest {
  @TempDir static Path hdfsBase;
  private static MiniHdfs cluster;
  private static FileSystem hdfs;

  @BeforeAll
  static void startHdfs() throws Exception {
    cluster = MiniHdfs.start(hdfsBase);
    hdfs = cluster.fs();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void ingestsFromHdfsToHdfs() throws Exception {
    org.apache.hadoop.fs.Path source = hdfs.makeQualified(new org.apache.hadoop.fs.Path("/data/miniplaces-tiny"));
    hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Fixtures.miniplacesTiny().toString()), source);
    org.apache.hadoop.fs.Path output = hdfs.makeQualified(new org.apache.hadoop.fs.Path("/datasets/tiny"));
    assertThat(source.toString()).startsWith("hdfs://");
    SparkSession spark = LocalSpark.get();

    IngestResult result = new IngestJob(spark, new PrintWriter(new StringWriter())).run(new IngestConfig(
        source, output, EnumSet.allOf(Split.class), null, 42, IngestConfig.DEFAULT_MAX_PIXELS));

    ExpectedOutcomes expected = ExpectedOutcomes.read(Fixtures.miniplacesTiny());
    assertThat(spark.read().parquet(output.toString()).count()).isEqualTo(expected.accepted().size());
    assertThat(spark.read().parquet(new org.apache.hadoop.fs.Path(output, ImageTable.REJECTED_DIR).toString()).count())
        .isEqualTo(expected.rejected().size());
    assertThat(result.output()).isEqualTo(output);
    assertThat(DatasetMetadata.read(hdfs, output).source()).isEqualTo(source.toString());
    assertThat(hdfs.listStatus(output.getParent())).extracting(s -> s.getPath().getName()).containsExactly("tiny");
  }
}
