package dev.miniplaces.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.miniplaces.MiniplacesException;
import dev.miniplaces.io.AtomicDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A training run's checkpoints in its run directory, on any Hadoop filesystem:
 * {@code checkpoints/epoch-NNNN/} (the model with its updater state, and {@code state.json}) after every epoch,
 * keeping the last two, and {@code model_best/} (the model without updater state) whenever validation top-1
 * strictly improves. Each is written into a staging folder and renamed into place ({@link AtomicDirectory}), so a
 * run killed at any moment leaves only complete checkpoints under their real names, and {@link #latest()} never
 * picks up a half-written one.
 */
public final class Checkpoints {
  public static final String CHECKPOINTS = "checkpoints";
  public static final String BEST = "model_best";
  static final String MODEL = "model.zip";
  static final String STATE = "state.json";
  private static final String EPOCH_PREFIX = "epoch-";
  // Only published folders: AtomicDirectory's staging and previous siblings carry suffixes.
  private static final Pattern EPOCH_DIR = Pattern.compile(EPOCH_PREFIX + "\\d+");
  private static final int KEEP = 2;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * What a checkpoint records besides the model.
   *
   * @param epoch epochs completed
   * @param iteration iterations completed (the schedule's position)
   * @param bestTop1 best validation top-1 so far, percent
   * @param configuration the run's configuration, as the job wrote it (JSON)
   */
  public record State(int epoch, long iteration, double bestTop1, String configuration) {}

  /** A checkpoint read back; the manifest is empty in checkpoints written before manifests. */
  public record Checkpoint(Path path, State state, ComputationGraph model, Optional<ModelManifest> manifest) {}

  private final FileSystem fs;
  private final Path runDir;

  public Checkpoints(FileSystem fs, Path runDir) {
    this.fs = fs;
    this.runDir = runDir;
  }

  /** Saves the model with its updater state after {@code state.epoch()} epochs; drops all but the last two. */
  public Path save(ComputationGraph model, State state, ModelManifest manifest) {
    Path target = new Path(new Path(runDir, CHECKPOINTS), String.format("%s%04d", EPOCH_PREFIX, state.epoch()));
    publish(target, model, true, state, manifest);
    prune();
    return target;
  }

  /** Replaces {@code model_best} with this model (no updater state: it is for evaluation and analysis). */
  public Path saveBest(ComputationGraph model, State state, ModelManifest manifest) {
    Path target = new Path(runDir, BEST);
    publish(target, model, false, state, manifest);
    return target;
  }

  /** Whether the run has a complete epoch checkpoint (none is read). */
  public boolean any() {
    return epochDirs().findAny().isPresent();
  }

  /** The last complete checkpoint, or empty if the run has none; a damaged one is an error, not skipped. */
  public Optional<Checkpoint> latest() {
    return epochDirs().reduce((a, b) -> b).map(status -> {
      try {
        return read(status.getPath(), true);
      } catch (MiniplacesException e) {
        throw new MiniplacesException(e.getMessage() + "; remove it to resume from the one before", e.getCause());
      }
    });
  }

  /** Reads a checkpoint or {@code model_best} folder; a damaged one is an error naming its path. */
  public Checkpoint read(Path dir, boolean withUpdater) {
    Path model = new Path(dir, MODEL);
    Path state = new Path(dir, STATE);
    try (InputStream stateIn = fs.open(state)) {
      State s = JSON.readValue(stateIn, State.class);
      ModelFile.Read read = ModelFile.read(fs, model, withUpdater);
      return new Checkpoint(dir, s, read.model(), read.manifest());
    } catch (IOException | RuntimeException e) {
      throw new MiniplacesException("Checkpoint " + fs.makeQualified(dir) + " is unreadable (" + e.getMessage()
          + ")", e);
    }
  }

  private void publish(Path target, ComputationGraph model, boolean withUpdater, State state,
      ModelManifest manifest) {
    AtomicDirectory out = AtomicDirectory.begin(fs, target);
    try {
      fs.mkdirs(out.staging());
      ModelFile.write(fs, new Path(out.staging(), MODEL), model, withUpdater, manifest);
      try (OutputStream stream = fs.create(new Path(out.staging(), STATE))) {
        JSON.writeValue(stream, state);
      }
      out.commit();
    } catch (IOException | UncheckedIOException e) {
      throw new MiniplacesException("Cannot write checkpoint " + fs.makeQualified(target) + ": " + e.getMessage(), e);
    } finally {
      out.abort();
    }
  }

  private void prune() {
    FileStatus[] epochs = epochDirs().toArray(FileStatus[]::new);
    for (int i = 0; i < epochs.length - KEEP; i++) {
      deleteQuietly(epochs[i].getPath());
    }
  }

  /** Complete epoch checkpoints, oldest first. */
  private Stream<FileStatus> epochDirs() {
    Path dir = new Path(runDir, CHECKPOINTS);
    try {
      if (!fs.exists(dir)) {
        return Stream.empty();
      }
      return Arrays.stream(fs.listStatus(dir, p -> EPOCH_DIR.matcher(p.getName()).matches()))
          .filter(FileStatus::isDirectory)
          .sorted(Comparator.comparing(s -> s.getPath().getName()));
    } catch (IOException e) {
      throw new MiniplacesException("Cannot list checkpoints in " + fs.makeQualified(dir) + ": " + e.getMessage(), e);
    }
  }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException ignored) {
      // An old checkpoint left behind costs disk, not correctness: latest() takes the newest.
    }
  }
}
