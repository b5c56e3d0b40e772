package dev.miniplaces.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS for a test: Hadoop's in-process mini cluster (a namenode and a datanode), its files in a folder. */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final FileSystem fs;

  private MiniHdfs(MiniDFSCluster cluster) throws IOException {
    this.cluster = cluster;
    this.fs = cluster.getFileSystem();
  }

  public static MiniHdfs start(Path baseDir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    return new MiniHdfs(cluster);
  }

  public FileSystem fs() {
    return fs;
  }

  /** The fully qualified {@code hdfs://} URI of {@code path}, as a user passes it to the jobs. */
  public String uri(String path) {
    return fs.makeQualified(new org.apache.hadoop.fs.Path(path)).toString();
  }

  public org.apache.hadoop.fs.Path path(String path) {
    return fs.makeQualified(new org.apache.hadoop.fs.Path(path));
  }

  /** Every file under {@code path}, recursively, as paths relative to it. */
  public List<String> files(String path) throws IOException {
    String root = path(path).toString();
    List<String> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> listing = fs.listFiles(path(path), true);
    while (listing.hasNext()) {
      files.add(listing.next().getPath().toString().substring(root.length() + 1));
    }
    return files;
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
