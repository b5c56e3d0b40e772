package dev.miniplaces.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;

/**
 * A real YARN for a test: Hadoop's in-process MiniYARNCluster (a resource manager and one node manager, whose
 * containers are processes of this machine) over a {@link MiniHdfs}, with a client configuration folder for
 * {@code HADOOP_CONF_DIR}, as a cluster's edge node has one.
 */
public final class MiniYarn implements AutoCloseable {
  private final MiniHdfs hdfs;
  private final MiniYARNCluster yarn;
  private final Path confDir;

  private MiniYarn(MiniHdfs hdfs, MiniYARNCluster yarn, Path confDir) {
    this.hdfs = hdfs;
    this.yarn = yarn;
    this.confDir = confDir;
  }

  /** Starts HDFS (its files under {@code dir}) and YARN; the node offers {@code memoryMb} and 4 cores. */
  public static MiniYarn start(Path dir, int memoryMb) throws IOException {
    MiniHdfs hdfs = MiniHdfs.start(dir.resolve("hdfs"));
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", hdfs.uri("/"));
    conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    // Memory is what the containers ask for, not enforced: a 2-core CI machine runs them all.
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
    conf.set(YarnConfiguration.RM_SCHEDULER,
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);
    // Its node manager's folders go to target/miniplaces-yarn (MiniYARNCluster's choice), logs included.
    MiniYARNCluster yarn = new MiniYARNCluster("miniplaces-yarn", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    Configuration client = yarn.getConfig();
    for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
      try (OutputStream out = Files.newOutputStream(confDir.resolve(file))) {
        client.writeXml(out);
      }
    }
    return new MiniYarn(hdfs, yarn, confDir);
  }

  public MiniHdfs hdfs() {
    return hdfs;
  }

  /** The folder to give clients as {@code HADOOP_CONF_DIR}. */
  public Path confDir() {
    return confDir;
  }

  /** The applications the resource manager knows, newest last. */
  public List<RMApp> applications() {
    return yarn.getResourceManager().getRMContext().getRMApps().values().stream()
        .sorted(java.util.Comparator.comparing(RMApp::getApplicationId)).toList();
  }

  /** Every container log file of {@code app} (the driver's in cluster mode, the executors'), for diagnosis. */
  public String logs(ApplicationId app) throws IOException {
    StringBuilder text = new StringBuilder();
    Path logDirs = Path.of(yarn.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS).split(",")[0]);
    if (!Files.isDirectory(logDirs)) {
      return "";
    }
    try (var files = Files.walk(logDirs)) {
      for (Path file : files.filter(f -> f.toString().contains(app.toString()) && Files.isRegularFile(f))
          .toList()) {
        String content = Files.readString(file);
        text.append("==> ").append(file).append(" <==\n")
            .append(content, Math.max(0, content.length() - 6000), content.length()).append('\n');
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    yarn.stop();
    hdfs.close();
  }
}
