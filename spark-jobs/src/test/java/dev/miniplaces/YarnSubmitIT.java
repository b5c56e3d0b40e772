package dev.miniplaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniplaces.layout.MiniPlacesWriter;
import dev.miniplaces.synth.SynthDatasetWriter;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.testing.ChildJvms;
import dev.miniplaces.testing.CliJvm;
import dev.miniplaces.testing.MiniHdfs;
import dev.miniplaces.testing.MiniYarn;
import dev.miniplaces.testing.PostgresServer;
import dev.miniplaces.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar submitted to a real YARN (Hadoop's MiniYARNCluster over a mini HDFS) with
 * {@code deploy/submit.sh yarn} and {@code conf/targets/yarn.conf}, results in a PostgreSQL catalog: ingest, a short
 * train and evaluate in client deploy mode; then in cluster mode, with the driver (the application master) killed
 * once the first epoch is checkpointed, YARN's second attempt continuing the run by itself.
 */
class YarnSubmitIT {
  private static final SynthSpec SPEC = new SynthSpec(4, 24, 6, 0, 40, 3);
  private static final String DATABASE = "results";

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static MiniYarn yarn;
  private static MiniHdfs hdfs;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start(DATABASE);
    yarn = MiniYarn.start(dir, 16_384);
    hdfs = yarn.hdfs();
    // What a cluster's users share once, instead of every submission uploading 600 MB: the application jar and
    // Spark's own jars (spark.yarn.jars), on HDFS.
    hdfs.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(System.getProperty("miniplaces.appJar")),
        hdfs.path("/apps/miniplaces.jar"));
    hdfs.fs().mkdirs(hdfs.path("/apps/spark-jars"));
    for (String jar : Files.readString(Path.of("..", "deploy", "spark-home", "target", "spark-classpath.txt"))
        .strip().split(java.io.File.pathSeparator)) {
      hdfs.fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(jar), hdfs.path("/apps/spark-jars/"));
    }
    new SynthDatasetWriter(SPEC).writeTo(MiniPlacesWriter.forRoot(hdfs.path("/source"), hdfs.fs().getConf()),
        n -> {});
  }

  @AfterAll
  static void stop() throws Exception {
    if (yarn != null) {
      yarn.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void ingestTrainAndEvaluateInClientMode() throws Exception {
    String dataset = hdfs.uri("/client/dataset");
    String run = hdfs.uri("/client/run");
    submit("client", "ingest", "--source", hdfs.uri("/source"), "--output", dataset, "--splits", "train,val");
    submit("client", "train", "--data", dataset, "--out", run, "--model", "resnet-small", "--image-size", "32",
        "--epochs", "1", "--batch-size", "16", "--workers", "2", "--averaging-frequency", "2");
    submit("client", "evaluate", "--model", run, "--data", dataset, "--out", hdfs.uri("/client/eval"));

    JsonNode rows = sql("SELECT (SELECT count(*) FROM predictions WHERE run_id = '" + run + "') AS predictions, "
        + "(SELECT count(*) FROM runs WHERE run_id = '" + run + "') AS runs");
    assertThat(rows.get(0).get("predictions").asInt()).isEqualTo(SPEC.classes() * SPEC.valPerClass());
    assertThat(rows.get(0).get("runs").asInt()).isEqualTo(1);
    assertThat(hdfs.files("/client/eval")).anyMatch(f -> f.endsWith(".parquet"));
  }

  @Test
  void aLostDriverInClusterModeResumesTheRunFromItsCheckpoint() throws Exception {
    String dataset = hdfs.uri("/cluster/dataset");
    String run = hdfs.uri("/cluster/run");
    submit("cluster", "ingest", "--source", hdfs.uri("/source"), "--output", dataset, "--splits", "train,val");

    Process train = start("cluster", "train", "--data", dataset, "--out", run, "--model", "resnet-small",
        "--image-size", "32", "--epochs", "3", "--batch-size", "16", "--workers", "2", "--averaging-frequency", "2");
    Checkpoints checkpoints = new Checkpoints(hdfs.fs(), hdfs.path("/cluster/run"));
    while (train.isAlive() && checkpoints.latest().isEmpty()) {
      Thread.sleep(200);
    }
    Optional<ProcessHandle> driver = ChildJvms.descendant("org.apache.spark.deploy.yarn.ApplicationMaster");
    assertThat(driver).as("the driver's container, running epoch 2").isPresent();
    driver.get().destroyForcibly();
    finish(train, "cluster-train");

    RMApp app = yarn.applications().get(yarn.applications().size() - 1);
    assertThat(app.getAppAttempts()).as("YARN ran the application again; logs:%n%s",
        yarn.logs(app.getApplicationId())).hasSize(2);
    assertThat(checkpoints.latest()).hasValueSatisfying(c -> assertThat(c.state().epoch()).isEqualTo(3));
    assertThat(yarn.logs(app.getApplicationId())).contains("holds this run, unfinished (1 of 3 epochs): "
        + "continuing it");

    submit("cluster", "evaluate", "--model", run, "--data", dataset, "--out", hdfs.uri("/cluster/eval"));
    JsonNode rows = sql("SELECT from_epoch, epochs, (SELECT count(DISTINCT epoch) FROM epoch_metrics WHERE run_id = '"
        + run + "') AS epoch_rows, (SELECT count(*) FROM predictions WHERE run_id = '" + run + "') AS predictions "
        + "FROM runs WHERE run_id = '" + run + "'");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("from_epoch").asInt()).as("the second attempt resumed after epoch 1").isEqualTo(1);
    assertThat(rows.get(0).get("epochs").asInt()).isEqualTo(3);
    assertThat(rows.get(0).get("epoch_rows").asInt()).isEqualTo(3);
    assertThat(rows.get(0).get("predictions").asInt()).isEqualTo(SPEC.classes() * SPEC.valPerClass());
  }

  private static void submit(String mode, String... command) throws Exception {
    finish(start(mode, command), mode + "-" + command[0]);
  }

  /** {@code deploy/submit.sh yarn} as a user on the cluster's edge node runs it, sized for this machine. */
  private static Process start(String mode, String... command) throws IOException {
    String java = System.getProperty("java.home");
    List<String> argv = new ArrayList<>(List.of(Path.of("..", "deploy", "submit.sh").toAbsolutePath().toString(),
        "yarn", "--deploy-mode", mode, "--num-executors", "2",
        "--conf", "spark.yarn.jars=" + hdfs.uri("/apps/spark-jars") + "/*.jar",
        "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + java, "--conf", "spark.executorEnv.JAVA_HOME=" + java,
        "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
        "--conf", "spark.driver.memory=1g", "--conf", "spark.driver.memoryOverhead=512m",
        "--conf", "spark.yarn.am.memory=512m",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.memoryOverhead=1g",
        "--conf", "spark.executor.cores=1", "--conf", "spark.ui.enabled=false", "--"));
    argv.addAll(List.of(command));
    argv.addAll(catalog());
    ProcessBuilder submit = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(mode + "-" + command[0] + ".log").toFile());
    submit.environment().remove("SPARK_HOME"); // the Maven-built Spark home of deploy/spark-home, as a user's
    submit.environment().put("HADOOP_CONF_DIR", yarn.confDir().toString());
    submit.environment().put("MINIPLACES_JAR", hdfs.uri("/apps/miniplaces.jar"));
    submit.environment().put("JAVA_HOME", java);
    return submit.start();
  }

  private static void finish(Process process, String name) throws Exception {
    boolean ended = process.waitFor(8, TimeUnit.MINUTES);
    String log = Files.readString(dir.resolve(name + ".log"));
    String containers = yarn.applications().isEmpty() ? ""
        : yarn.logs(yarn.applications().get(yarn.applications().size() - 1).getApplicationId());
    assertThat(ended).as("%s finished", name).isTrue();
    assertThat(process.exitValue()).as("%s's exit status; output:%n%s%ncontainers:%n%s", name, log, containers)
        .isZero();
  }

  private static List<String> catalog() {
    return List.of("--warehouse", hdfs.uri("/warehouse"), "--catalog-uri", postgres.jdbcUrl(DATABASE));
  }

  /** {@code miniplaces sql --format json} on this machine over the cluster's catalog. */
  private static JsonNode sql(String query) throws Exception {
    List<String> args = new ArrayList<>(List.of("sql", query, "--format", "json", "--master", "local[1]",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1"));
    args.addAll(catalog());
    return CliJvm.jsonRows(CliJvm.run(dir, dir, "sql", args));
  }
}
