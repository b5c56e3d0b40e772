package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.ChildJvms;
import dev.miniplaces.testing.SparkHome;
import dev.miniplaces.testing.SynthDatasets;
import dev.miniplaces.train.TrainConfig;
import dev.miniplaces.train.ParameterAveragingTrainer;
import dev.miniplaces.train.TrainJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training job on two executor JVMs ({@code local-cluster}): the executor running a task of the first epoch's
 * second round is killed (SIGKILL) while the task runs; Spark's events show that task lost with its executor and
 * then run again, and the run still finishes every epoch and step.
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
      RoundKiller killer = new RoundKiller(ParameterAveragingTrainer.roundDescription(0, 1, 3));
      spark.sparkContext().addSparkListener(killer);
      TrainConfig config = new TrainConfig(dataset.toString(), "resnet-small", 2, 32, 2, 2, 0.8, 0.9, 1e-4, 0, 5,
          Augmentation.reference(40, 32), 40, false, 2, 0);
      StringWriter log = new StringWriter();

      TrainJob.Result result = new TrainJob(spark, new PrintWriter(log, true), 0)
          .start(config, new org.apache.hadoop.fs.Path(dir.resolve("run").toString()));

      assertThat(killer.killedPid.get()).as("the executor running a task of round 2 was killed").isPositive();
      assertThat(killer.removed.get()).as("Spark noticed the lost executor").isGreaterThanOrEqualTo(1);
      assertThat(killer.lostTasks).as("round 2's task failed with its executor").isNotEmpty();
      assertThat(killer.retried).as("and was run again, successfully: %s", killer.lostTasks).isNotEmpty();
      assertThat(result.epochs()).isEqualTo(2);
      assertThat(result.iterations()).isEqualTo(12);
      assertThat(log.toString()).contains("epoch 2/2:");
      assertThat(result.last().valTop1()).isBetween(0.0, 100.0);
    } finally {
      spark.stop();
    }
  }

  /**
   * Kills the executor running a task of the round jobs described as {@code round}, while the task runs, and
   * records how that task ended and whether it ran again.
   */
  private static final class RoundKiller extends SparkListener {
    private final String round;
    private final Set<Integer> roundStages = ConcurrentHashMap.newKeySet();
    private final Set<Long> endedTasks = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean killing = new AtomicBoolean();
    final AtomicLong killedPid = new AtomicLong(-1);
    final AtomicInteger removed = new AtomicInteger();
    /** "stage/partition" of tasks lost with their executor, and of those that then succeeded. */
    final Set<String> lostTasks = ConcurrentHashMap.newKeySet();
    final Set<String> retried = ConcurrentHashMap.newKeySet();

    RoundKiller(String round) {
      this.round = round;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      if (round.equals(job.properties().getProperty("spark.job.description"))) {
        scala.collection.JavaConverters.seqAsJavaList(job.stageIds()).forEach(id -> roundStages.add((Integer) id));
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      if (!roundStages.contains(start.stageId()) || killedPid.get() > 0 || !killing.compareAndSet(false, true)) {
        return;
      }
      TaskInfo task = start.taskInfo();
      new Thread(() -> {
        sleep(300); // well into the task: a round's task trains for seconds
        if (endedTasks.contains(task.taskId())) {
          killing.set(false); // finished already; try the next task of the round
          return;
        }
        killExecutor(task.executorId()).ifPresent(killedPid::set);
      }).start();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      endedTasks.add(end.taskInfo().taskId());
      String task = end.stageId() + "/" + end.taskInfo().index();
      if (end.reason() instanceof ExecutorLostFailure && roundStages.contains(end.stageId())) {
        lostTasks.add(task);
      } else if (end.reason() instanceof Success$ && lostTasks.contains(task)) {
        retried.add(task);
      }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removedExecutor) {
      removed.incrementAndGet();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILLs executor {@code id}'s process (local-cluster launches executors as descendants of this JVM). */
  private static Optional<Long> killExecutor(String id) {
    return ChildJvms.descendant("CoarseGrainedExecutorBackend", "--executor-id\0" + id + "\0").map(p -> {
      p.destroyForcibly();
      return p.pid();
    });
  }
}
