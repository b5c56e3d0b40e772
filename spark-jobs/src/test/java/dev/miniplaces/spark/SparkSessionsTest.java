package dev.miniplaces.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.LocalSpark;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Sessions made for jobs hand DL4J's engine settings to executors they launch. */
class SparkSessionsTest {
  @Test
  void executorsGetTheEngineSettings() {
    SparkConf conf = LocalSpark.get().sparkContext().getConf();

    assertThat(conf.get("spark.executor.extraJavaOptions"))
        .contains("-Dorg.eclipse.deeplearning4j.helpers.disable=false");
    assertThat(conf.get("spark.executorEnv.GLIBC_TUNABLES")).isEqualTo("glibc.malloc.hugetlb=1");
    assertThat(conf.get("spark.executorEnv.OMP_WAIT_POLICY")).isEqualTo("passive");
  }
}
