package dev.miniplaces.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.predict.BatchMemory.Pass;
import dev.miniplaces.spark.OffHeapLimit;
import dev.miniplaces.testing.LocalSpark;
import dev.miniplaces.zoo.ModelSpec;
import dev.miniplaces.zoo.ModelZoo;
import org.apache.spark.SparkConf;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Batches sized from the off-heap room of a task, and the room read from Spark's settings. */
class BatchMemoryTest {
  private static final ComputationGraph SIMPLENET = ModelZoo.get("simplenet").build(
      new ModelSpec(100, 128, 1, DataType.FLOAT), c -> {});
  private static final OffHeapLimit TWO_TASKS_IN_2G = new OffHeapLimit(2L << 30, 2, "test");

  @Test
  void aBatchShrinksWithTheSquareOfTheInputAndWithGradients() {
    BatchMemory small = BatchMemory.plan(SIMPLENET, 32, Pass.GRADIENTS, TWO_TASKS_IN_2G, null);
    BatchMemory scores = BatchMemory.plan(SIMPLENET, 160, Pass.INFERENCE, TWO_TASKS_IN_2G, null);
    BatchMemory gradients = BatchMemory.plan(SIMPLENET, 160, Pass.GRADIENTS, TWO_TASKS_IN_2G, null);

    assertThat(small.batchSize()).as("the reference's 100 where it fits").isEqualTo(BatchMemory.MAX_BATCH);
    assertThat(gradients.budget()).as("half of a task's share").isEqualTo(512L << 20);
    assertThat(gradients.batchSize()).isBetween(5, 40).isLessThan(scores.batchSize());
    assertThat(gradients.bytesPerImage() * gradients.batchSize()).isLessThanOrEqualTo(gradients.budget());
    double ratio = (double) BatchMemory.bytesPerImage(SIMPLENET, 160, Pass.INFERENCE)
        / BatchMemory.bytesPerImage(SIMPLENET, 64, Pass.INFERENCE);
    assertThat(ratio).as("activations grow with the pixels").isBetween(5.5, 6.5);
  }

  @Test
  void aGivenBudgetIsUsedWhenTheExecutorHasRoomForItsTasks() {
    assertThat(BatchMemory.plan(SIMPLENET, 160, Pass.GRADIENTS, TWO_TASKS_IN_2G, 128L << 20).batchSize())
        .isBetween(1, 10);
    assertThatThrownBy(() -> BatchMemory.plan(SIMPLENET, 160, Pass.GRADIENTS, TWO_TASKS_IN_2G, 3L << 30))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--batch-memory 3.0 GiB for each of 2 tasks is more than an executor's off-heap "
            + "room of 2.0 GiB")
        .hasMessageContaining("spark.executor.memoryOverhead");
  }

  @Test
  void anExecutorWithoutRoomForOneImageIsRefusedNamingTheSettings() {
    OffHeapLimit crowded = OffHeapLimit.ofExecutors(new SparkConf(false)
        .set("spark.executor.memoryOverhead", "512m").set("spark.executor.cores", "16"));

    assertThat(crowded.perTask()).isEqualTo(32L << 20);
    assertThatThrownBy(() -> BatchMemory.plan(SIMPLENET, 160, Pass.GRADIENTS, crowded, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("One 160x160 image needs about")
        .hasMessageContaining("spark.executor.memoryOverhead 512 MiB over 16 tasks per executor")
        .hasMessageContaining("raise spark.executor.memoryOverhead, or run fewer tasks per executor");
  }

  @Test
  void theRoomComesFromTheOverheadAndTheCoresOrSparksDefaults() {
    OffHeapLimit defaults = OffHeapLimit.ofExecutors(new SparkConf(false).set("spark.executor.memory", "8g"));
    OffHeapLimit twoCpuTasks = OffHeapLimit.ofExecutors(new SparkConf(false)
        .set("spark.executor.memoryOverhead", "6g").set("spark.executor.cores", "8").set("spark.task.cpus", "2"));
    OffHeapLimit local = OffHeapLimit.of(LocalSpark.get().sparkContext());

    assertThat(defaults.bytes()).as("10% of the heap").isEqualTo((long) (0.1 * (8L << 30)));
    assertThat(defaults.concurrentTasks()).isEqualTo(1);
    assertThat(defaults.source()).contains("(Spark's default)", "spark.executor.cores unset");
    assertThat(twoCpuTasks.concurrentTasks()).isEqualTo(4);
    assertThat(twoCpuTasks.perTask()).isEqualTo(6L << 28);
    assertThat(local.concurrentTasks()).as("local[2]").isEqualTo(2);
    assertThat(local.bytes()).isPositive();
    assertThat(local.source()).startsWith("local mode");
  }
}
