package dev.miniplaces.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MiniplacesException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;

/** The GPU decisions of a task, on the inputs a GPU executor would give them. */
class TaskGpuTest {
  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of("gpu", new ResourceInformation("gpu", addresses));
  }

  @Test
  void aTaskTakesTheGpuSparkAssignedIt() {
    assertThat(TaskGpu.assignedDevice(gpus("3"), 1)).isEqualTo(OptionalInt.of(3));
    assertThat(TaskGpu.assignedDevice(gpus("1", "2"), 2)).isEqualTo(OptionalInt.of(1));
  }

  @Test
  void withoutGpuSchedulingNd4jChoosesAndAMissingGpuIsNamed() {
    assertThat(TaskGpu.assignedDevice(Map.of(), 0)).isEmpty();
    assertThatThrownBy(() -> TaskGpu.assignedDevice(Map.of(), 1))
        .isInstanceOf(MiniplacesException.class)
        .hasMessageContaining("spark.task.resource.gpu.amount=1.0")
        .hasMessageContaining("spark.executor.resource.gpu.amount");
    assertThatThrownBy(() -> TaskGpu.assignedDevice(gpus("GPU-5e0c"), 1))
        .hasMessageContaining("\"GPU-5e0c\", not a CUDA device index");
  }

  @Test
  void devicesAreReadFromNd4jsEnvironment() {
    Properties environment = new Properties();
    environment.put(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY, List.of(
        Map.of(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY, "NVIDIA A100-SXM4-40GB",
            Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY, 8L, Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY, 0L),
        Map.of(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY, "NVIDIA H100 80GB HBM3",
            Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY, 9, Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY, 0)));
    assertThat(TaskGpu.devices(environment)).containsExactly(
        new TaskGpu.Device(0, "NVIDIA A100-SXM4-40GB", 8, 0), new TaskGpu.Device(1, "NVIDIA H100 80GB HBM3", 9, 0));
    assertThat(TaskGpu.devices(new Properties())).isEmpty();
  }

  @Test
  void onlyGpusTheNativesHoldCodeForAreAccepted() {
    assertThat(TaskGpu.supported(3, 7)).isTrue(); // K80
    assertThat(TaskGpu.supported(7, 0)).isTrue(); // V100
    assertThat(TaskGpu.supported(8, 0)).isTrue(); // A100
    assertThat(TaskGpu.supported(8, 6)).isTrue(); // A10, RTX 30x0
    assertThat(TaskGpu.supported(8, 9)).isTrue(); // L4, L40: runs the 8.6 code
    assertThat(TaskGpu.supported(9, 0)).isFalse(); // H100, H200
    assertThat(TaskGpu.supported(10, 0)).isFalse(); // B200
    assertThat(TaskGpu.supported(3, 5)).isFalse(); // K40: older than the oldest code
  }

  @Test
  void anUnsupportedGpuIsRefusedByNameWithTheSupportedList() {
    TaskGpu.requireSupported(List.of(new TaskGpu.Device(0, "NVIDIA A100", 8, 0)));
    assertThatThrownBy(() -> TaskGpu.requireSupported(List.of(new TaskGpu.Device(0, "NVIDIA A100", 8, 0),
        new TaskGpu.Device(1, "NVIDIA H200", 9, 0))))
        .isInstanceOf(MiniplacesException.class)
        .hasMessageStartingWith("GPU 1 (NVIDIA H200, compute capability 9.0) is not supported")
        .hasMessageContaining("3.7, 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0, 8.6")
        .hasMessageContaining("CPU backend");
  }
}
