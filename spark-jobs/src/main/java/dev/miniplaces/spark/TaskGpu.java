package dev.miniplaces.spark;

import dev.miniplaces.MiniplacesException;
import dev.miniplaces.ops.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts a task's thread on the GPU Spark assigned the task, after checking that ND4J's CUDA build can run there.
 * Called on the task's thread before its first network op (training workers, the split jobs' model copies); a
 * no-op on the CPU backend.
 *
 * <p>ND4J M2.1's CUDA 11.6 natives carry machine code for compute capabilities {@link #SASS} only, and no PTX
 * that a driver could compile for newer GPUs (listed with {@code docs/scripts/cuda_archs.py}). By CUDA's binary
 * compatibility a GPU of capability X.z runs code built for X.y with y <= z, so Ada (8.9) runs the 8.6 code;
 * Hopper (9.0) and later run none of it, and kernels would fail at their first launch. They are refused here,
 * by name, at the first task of each executor.
 */
public final class TaskGpu {
  /** Compute capabilities, as major * 10 + minor, of the SASS in libnd4jcuda.so (nd4j-cuda-11.6 M2.1, -cudnn). */
  public static final List<Integer> SASS = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);

  static final String GPU = "gpu";
  static final String TASK_GPU_AMOUNT = "spark.task.resource.gpu.amount";

  /** A CUDA device as ND4J reports it. */
  record Device(int index, String name, int major, int minor) {
    String capability() {
      return major + "." + minor;
    }
  }

  private static volatile boolean devicesChecked;

  private TaskGpu() {}

  /** Binds this thread to the task's GPU (see the class comment). */
  public static void bindThisTask() {
    if (Backend.current() != Backend.CUDA) {
      return;
    }
    if (!devicesChecked) {
      requireSupported(devices(Nd4j.getExecutioner().getEnvironmentInformation()));
      devicesChecked = true;
    }
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    double requested = env == null ? 0 : env.conf().getDouble(TASK_GPU_AMOUNT, 0);
    OptionalInt device = assignedDevice(task == null ? Map.of() : task.resourcesJMap(), requested);
    device.ifPresent(index -> Nd4j.getAffinityManager().unsafeSetDevice(index));
  }

  /** One line per CUDA device of this JVM, with whether ND4J's natives run on it; none off CUDA. */
  public static List<String> deviceReport() {
    if (Backend.current() != Backend.CUDA) {
      return List.of();
    }
    return devices(Nd4j.getExecutioner().getEnvironmentInformation()).stream()
        .map(d -> "GPU " + d.index() + ": " + d.name() + ", compute capability " + d.capability() + ", "
            + (supported(d.major(), d.minor()) ? "supported" : "NOT supported by ND4J's CUDA 11.6 build"))
        .toList();
  }

  /**
   * The device Spark's GPU scheduling gave the task (its first address), none when the job asks for no GPUs
   * (ND4J then spreads threads over the executor's devices itself).
   *
   * @throws MiniplacesException when GPUs were asked for and this task got none: the executor lacks them
   */
  static OptionalInt assignedDevice(Map<String, ResourceInformation> resources, double requestedPerTask) {
    ResourceInformation gpus = resources.get(GPU);
    if (gpus == null || gpus.addresses().length == 0) {
      if (requestedPerTask > 0) {
        throw new MiniplacesException("This task asked for a GPU (" + TASK_GPU_AMOUNT + "=" + requestedPerTask
            + ") but its executor has none to give: set spark.executor.resource.gpu.amount and a GPU discovery "
            + "script (spark.executor.resource.gpu.discoveryScript), or run on the CPU backend "
            + "(docs/deploy.md, \"GPU executors\")");
      }
      return OptionalInt.empty();
    }
    String address = gpus.addresses()[0];
    try {
      return OptionalInt.of(Integer.parseInt(address.trim()));
    } catch (NumberFormatException e) {
      throw new MiniplacesException("Spark gave this task GPU address \"" + address + "\", not a CUDA device index: "
          + "the discovery script must print the indices nvidia-smi lists (0, 1, ...)", e);
    }
  }

  /** The CUDA devices of ND4J's environment information ({@code cuda.devicesInformation}). */
  @SuppressWarnings("unchecked")
  static List<Device> devices(Properties environment) {
    Object listed = environment.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
    List<Device> devices = new ArrayList<>();
    if (listed instanceof List<?> maps) {
      for (Object entry : maps) {
        Map<String, Object> device = (Map<String, Object>) entry;
        devices.add(new Device(devices.size(), String.valueOf(device.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)),
            number(device.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY)),
            number(device.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY))));
      }
    }
    return devices;
  }

  /** Whether ND4J's natives hold code this capability can run (same major, minor at most the device's). */
  static boolean supported(int major, int minor) {
    return SASS.stream().anyMatch(code -> code / 10 == major && code % 10 <= minor);
  }

  /** @throws MiniplacesException naming every unsupported device and the capabilities that are supported */
  static void requireSupported(List<Device> devices) {
    List<Device> unsupported = devices.stream().filter(d -> !supported(d.major(), d.minor())).toList();
    if (unsupported.isEmpty()) {
      return;
    }
    String named = unsupported.stream()
        .map(d -> "GPU " + d.index() + " (" + d.name() + ", compute capability " + d.capability() + ")")
        .collect(Collectors.joining(", "));
    String codes = SASS.stream().map(code -> code / 10 + "." + code % 10).collect(Collectors.joining(", "));
    throw new MiniplacesException(named + (unsupported.size() == 1 ? " is" : " are") + " not supported by ND4J "
        + "1.0.0-M2.1's CUDA 11.6 build, which holds GPU code for compute capabilities " + codes + " (and later"
        + " minor versions of each major, e.g. 8.9); Hopper (9.0) and newer GPUs cannot run it. Run these "
        + "executors on GPUs of those generations, or on the CPU backend (the default build)");
  }

  private static int number(Object value) {
    return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
  }
}
