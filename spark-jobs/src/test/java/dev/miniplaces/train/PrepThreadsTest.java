package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.InvalidInputException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class PrepThreadsTest {
  private static SparkConf conf(String... pairs) {
    SparkConf conf = new SparkConf(false);
    for (int i = 0; i < pairs.length; i += 2) {
      conf.set(pairs[i], pairs[i + 1]);
    }
    return conf;
  }

  @Test
  void aTaskGetsItsShareOfTheExecutorsCores() {
    assertThat(PrepThreads.resolve(conf(), 2)).isEqualTo(1); // local[*]: one task per core
    assertThat(PrepThreads.resolve(conf("spark.executor.cores", "16", "spark.task.cpus", "4"), 64)).isEqualTo(4);
  }

  @Test
  void aGpuThatLimitsTheTasksGivesEachTaskMoreThreads() {
    SparkConf gpu = conf("spark.executor.cores", "16", "spark.executor.resource.gpu.amount", "1",
        "spark.task.resource.gpu.amount", "1");
    assertThat(PrepThreads.resolve(gpu, 96)).isEqualTo(16);
    SparkConf twoGpus = conf("spark.executor.cores", "16", "spark.executor.resource.gpu.amount", "2",
        "spark.task.resource.gpu.amount", "1");
    assertThat(PrepThreads.resolve(twoGpus, 96)).isEqualTo(8);
  }

  @Test
  void theSettingWinsAndABadValueIsNamed() {
    assertThat(PrepThreads.resolve(conf(PrepThreads.KEY, "6", "spark.executor.cores", "2"), 2)).isEqualTo(6);
    assertThatThrownBy(() -> PrepThreads.resolve(conf(PrepThreads.KEY, "zero"), 2))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(PrepThreads.KEY + ": zero");
  }
}
