package dev.miniplaces.io;

import dev.miniplaces.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps jobs from deleting or mixing into what is not theirs. Every folder this program publishes or trains into
 * holds {@link #MARKER}; a folder that holds other files and not the marker is the user's, and is never replaced
 * or written into. Outputs are also kept apart from the job's inputs.
 */
public final class OwnedFolders {
  /** The marker file. ('_': Spark's readers skip it in a table's folder.) */
  public static final String MARKER = "_miniplaces";

  private OwnedFolders() {}

  /** Marks {@code dir}, an existing folder, as written by this program. */
  public static void mark(FileSystem fs, Path dir) throws IOException {
    fs.create(new Path(dir, MARKER), true).close();
  }

  /** Whether {@code dir} holds the marker. */
  public static boolean isMarked(FileSystem fs, Path dir) throws IOException {
    return fs.exists(new Path(dir, MARKER));
  }

  /**
   * Throws unless {@code target} is absent, an empty folder, or a folder this program wrote (it holds
   * {@link #MARKER}).
   *
   * @param what how the message names the folder: the option that gave it
   */
  public static void requireOwned(FileSystem fs, Path target, String what) {
    Path qualified = fs.makeQualified(target);
    try {
      if (!fs.exists(qualified)) {
        return;
      }
      FileStatus status = fs.getFileStatus(qualified);
      if (status.isFile()) {
        throw new InvalidInputException(what + " " + qualified + " is a file: give a folder");
      }
      if (fs.listStatus(qualified).length > 0 && !isMarked(fs, qualified)) {
        throw new InvalidInputException(what + " " + qualified + " holds files this program did not write: give "
            + "a new or empty folder, or remove it first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + qualified, e);
    }
  }

  /**
   * Throws if {@code output} is {@code input}, inside it or holds it: writing the output would then delete or
   * change an input of the job.
   *
   * @param what how the message names the output: the option that gave it
   * @param input fully qualified
   * @param inputWhat how the message names the input
   */
  public static void requireApart(FileSystem fs, Path output, String what, Path input, String inputWhat) {
    String out = fs.makeQualified(output) + "/";
    String in = input + "/";
    if (out.startsWith(in) || in.startsWith(out)) {
      throw new InvalidInputException(what + " " + fs.makeQualified(output) + " must not be " + inputWhat + " "
          + input + ", be inside it, or hold it: give a folder apart from it");
    }
  }
}
