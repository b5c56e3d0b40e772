package dev.miniplaces.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniplaces.testing.LocalSpark;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource report of real jobs on the test JVM's Spark: records read, the driver's live heap, the JSON. */
class ResourceReportTest {
  @TempDir Path dir;

  @Test
  void countsTheRecordsTasksReadAndTheDriversLiveHeap() throws Exception {
    SparkContext sc = LocalSpark.get().sparkContext();
    Path file = dir.resolve("reports/job.json");
    ResourceReport report = new ResourceReport(new SparkConf(false).set(ResourceReport.PATH, file.toString()));
    sc.addSparkListener(report);
    try {
      LocalSpark.get().range(0, 1000, 1, 4).toDF("id").write().parquet(dir.resolve("numbers").toString());
      long evens = LocalSpark.get().read().parquet(dir.resolve("numbers").toString()).where("id % 2 = 0")
          .repartition(3).count();
      // The live heap is measured after collections, whose notifications arrive on their own thread.
      for (int tries = 0; report.driverPeakLiveHeap() == 0 && tries < 100; tries++) {
        System.gc();
        Thread.sleep(100);
      }
      sc.listenerBus().waitUntilEmpty();
      report.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis()));
      assertThat(evens).isEqualTo(500);
    } finally {
      sc.removeSparkListener(report);
    }

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("inputRecords").asLong()).as("the parquet rows read back").isGreaterThanOrEqualTo(1000);
    assertThat(json.get("shuffleRecords").asLong()).as("the repartitioned evens, then the partial counts")
        .isGreaterThanOrEqualTo(500);
    assertThat(json.get("tasks").asLong()).isPositive();
    assertThat(json.get("driverPeakLiveHeapBytes").asLong()).isPositive()
        .isLessThanOrEqualTo(json.get("driverMaxHeapBytes").asLong());
  }
}
