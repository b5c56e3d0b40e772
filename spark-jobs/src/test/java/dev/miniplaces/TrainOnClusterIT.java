package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.SparkHome;
import dev.miniplaces.testing.SynthDatasets;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.TrainJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training job on two executor JVMs ({@code local-cluster}): one executor process is killed (SIGKILL) while
 * the first epoch trains, and the run still finishes every epoch and step; Spark replaces the executor, re-runs
 * the lost round tasks and recomputes the cached images it held.
 */
class TrainOnClusterIT {
  @TempDir Path dir;

  @Test
  void finishesDespiteAnExecutorKilledMidEpoch() {
    SparkHome.ensure(Path.of(System.getenv("SPARK_HOME")));
    SparkSession spark = SparkSession.builder()
        .master("local-cluster[2,1,2048]")
        .appName("train-on-two-executors")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.executor.extraClassPath", SparkHome.applicationClasspath())
        .config("spark.executorEnv.OMP_NUM_THREADS", "1")
        .getOrCreate();
    try {
      Path dataset = SynthDatasets.ingested(spark, dir, new SynthSpec(4, 48, 8, 0, 40, 13));
      AtomicLong killedPid = new AtomicLong(-1);
      AtomicInteger removed = new AtomicInteger();
      AtomicInteger jobsEnded = new AtomicInteger();
      spark.sparkContext().addSparkListener(new SparkListener() {
        @Override
        public void onJobEnd(SparkListenerJobEnd jobEnd) {
          // Jobs of the run: the train ids, then one per round; kill while the second round trains.
          if (jobsEnded.incrementAndGet() == 2) {
            new Thread(() -> {
              sleep(700);
              killOneExecutor().ifPresent(killedPid::set);
            }).start();
          }
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removedExecutor) {
          removed.incrementAndGet();
        }
      });
      TrainConfig config = new TrainConfig(dataset.toString(), "resnet-small", 2, 32, 2, 2, 0.8, 0.9, 1e-4, 0, 5,
          Augmentation.reference(40, 32), 40, false, 2, 0);
      StringWriter log = new StringWriter();

      TrainJob.Result result = new TrainJob(spark, new PrintWriter(log, true), 0)
          .start(config, new org.apache.hadoop.fs.Path(dir.resolve("run").toString()));

      assertThat(killedPid.get()).as("an executor JVM was found and killed").isPositive();
      assertThat(removed.get()).as("Spark noticed the lost executor").isGreaterThanOrEqualTo(1);
      assertThat(result.epochs()).isEqualTo(2);
      assertThat(result.iterations()).isEqualTo(12);
      assertThat(log.toString()).contains("epoch 2/2:");
      assertThat(result.last().valTop1()).isBetween(0.0, 100.0);
    } finally {
      spark.stop();
    }
  }

  /** The full command line: ProcessHandle's is cut short, and an executor's class name follows a long classpath. */
  private static String commandLine(ProcessHandle process) {
    try {
      return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILLs one of this JVM's executor processes (local-cluster launches them as descendants). */
  private static Optional<Long> killOneExecutor() {
    return ProcessHandle.current().descendants()
        .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
        .findFirst()
        .map(p -> {
          p.destroyForcibly();
          return p.pid();
        });
  }
}
