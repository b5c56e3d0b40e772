package dev.miniplaces.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a directory all at once: a job writes into a staging sibling of the target, and
 * {@link #commit()} swaps it in with two renames. A job killed before the commit leaves the previous target
 * untouched (its staging folder is removed by the next run); readers never see a half-written target.
 *
 * <p>Renames are atomic on HDFS and local filesystems. On object stores (s3a) a rename is a copy, so the swap is
 * not atomic there; the staging folder still keeps partial output out of the target. A run killed between the
 * two renames leaves the previous version at {@code <name>.previous}, which the next {@link #begin} restores.
 * One writer per target at a time: {@link #begin} removes staging folders left by earlier runs. (The siblings'
 * names must not start with '.' or '_': Spark would refuse to read them as tables.)
 */
public final class AtomicDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicDirectory.class);

  private final FileSystem fs;
  private final Path target;
  private final Path staging;

  private AtomicDirectory(FileSystem fs, Path target, Path staging) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
  }

  /**
   * {@link #begin} for a folder the user named: refused unless {@link OwnedFolders#requireOwned}. (Folders
   * inside one this program owns, such as a run's checkpoints, use {@link #begin}.)
   *
   * @param what how the message names the folder: the option that gave it
   */
  public static AtomicDirectory beginReplacing(FileSystem fs, Path target, String what) {
    OwnedFolders.requireOwned(fs, target, what);
    return begin(fs, target);
  }

  /** Prepares to replace {@code target}: recovers an interrupted swap, clears stale staging, picks a new one. */
  public static AtomicDirectory begin(FileSystem fs, Path target) {
    Path qualified = fs.makeQualified(target);
    Path parent = qualified.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("Cannot publish to a filesystem root: " + qualified);
    }
    try {
      Path previous = previousOf(qualified);
      if (!fs.exists(qualified) && fs.exists(previous)) {
        LOG.warn("Restoring {} from {}, left by a run interrupted while publishing", qualified, previous);
        rename(fs, previous, qualified);
      }
      if (fs.exists(parent)) {
        String stalePrefix = qualified.getName() + ".staging-";
        for (FileStatus status : fs.listStatus(parent, p -> p.getName().startsWith(stalePrefix))) {
          LOG.info("Removing staging folder of an interrupted run: {}", status.getPath());
          fs.delete(status.getPath(), true);
        }
      }
      Path staging = new Path(parent, qualified.getName() + ".staging-" + UUID.randomUUID());
      return new AtomicDirectory(fs, qualified, staging);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare output " + qualified, e);
    }
  }

  /** Where the job writes; does not exist until the job creates it. */
  public Path staging() {
    return staging;
  }

  public Path target() {
    return target;
  }

  /** Replaces the target with the staging folder. */
  public void commit() {
    Path previous = previousOf(target);
    try {
      if (!fs.exists(staging)) {
        throw new IllegalStateException("Nothing to publish: " + staging + " was never written");
      }
      if (fs.getFileStatus(staging).isDirectory()) {
        OwnedFolders.mark(fs, staging);
      }
      if (fs.exists(previous)) {
        fs.delete(previous, true);
      }
      boolean replacing = fs.exists(target);
      if (replacing) {
        rename(fs, target, previous);
      }
      try {
        rename(fs, staging, target);
      } catch (IOException e) {
        if (replacing) {
          rename(fs, previous, target);
        }
        throw e;
      }
      if (replacing) {
        fs.delete(previous, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + staging + " as " + target, e);
    }
  }

  /** Removes the staging folder; the target is left as it was. Safe to call after a failed or done commit. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("Could not remove staging folder {}: {}", staging, e.toString());
    }
  }

  private static Path previousOf(Path target) {
    return new Path(target.getParent(), target.getName() + ".previous");
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Rename of " + from + " to " + to + " failed");
    }
  }
}
