package dev.miniplaces.io;

import dev.miniplaces.InvalidInputException;
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
  /**
   * The file {@link #commit} leaves in every folder it publishes: a folder that holds anything else and not this
   * was not written by this program, and {@link #requireReplaceable} refuses to replace it. ('_': Spark's
   * readers skip it.)
   */
  public static final String MARKER = "_miniplaces";

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
   * {@link #begin} for a folder the user named: refused unless {@link #requireReplaceable}. (Folders inside
   * one this program owns, such as a run's checkpoints, use {@link #begin}.)
   *
   * @param what how the message names the folder: the option that gave it
   */
  public static AtomicDirectory beginReplacing(FileSystem fs, Path target, String what) {
    requireReplaceable(fs, target, what);
    return begin(fs, target);
  }

  /**
   * Throws unless {@code target} is absent, an empty folder, or a folder this program published (it holds
   * {@link #MARKER}): replacing a folder deletes all it holds, which must never be a user's own files.
   *
   * @param what how the message names the folder: the option that gave it
   */
  public static void requireReplaceable(FileSystem fs, Path target, String what) {
    Path qualified = fs.makeQualified(target);
    try {
      if (!fs.exists(qualified)) {
        return;
      }
      FileStatus status = fs.getFileStatus(qualified);
      if (status.isFile()) {
        throw new InvalidInputException(what + " " + qualified + " is a file: give a folder (it is written "
            + "as a whole)");
      }
      if (fs.listStatus(qualified).length > 0 && !fs.exists(new Path(qualified, MARKER))) {
        throw new InvalidInputException(what + " " + qualified + " holds files this program did not write, and "
            + "it would be replaced as a whole: give a new or empty folder, or remove it first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check output " + qualified, e);
    }
  }

  /**
   * Throws if {@code output} is {@code input}, inside it or holds it: replacing the output would then delete or
   * change an input of the job.
   *
   * @param what how the message names the output: the option that gave it
   * @param inputWhat how it names the input
   */
  public static void requireApart(FileSystem fs, Path output, String what, Path input, String inputWhat) {
    String out = fs.makeQualified(output) + "/";
    String in = input.toString() + "/";
    if (out.startsWith(in) || in.startsWith(out)) {
      throw new InvalidInputException(what + " " + fs.makeQualified(output) + " must not be " + inputWhat + " "
          + input + ", be inside it, or hold it: give a folder apart from it");
    }
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
        fs.create(new Path(staging, MARKER), true).close();
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
