package dev.miniplaces.io;

import dev.miniplaces.MiniplacesException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds out at a job's start, not hours in at its first write, that a folder it will write cannot be written:
 * creates the folder if missing, then writes and removes a small file in it.
 */
public final class WriteProbe {
  private WriteProbe() {}

  /** @param what how the message names the folder: the option that gave it */
  public static void require(FileSystem fs, Path dir, String what) {
    Path qualified = fs.makeQualified(dir);
    Path probe = new Path(qualified, "_write-probe-" + UUID.randomUUID());
    try {
      fs.mkdirs(qualified);
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new MiniplacesException(what + " " + qualified + " cannot be written (" + e.getMessage()
          + "): give a folder this user may write", e);
    }
  }
}
