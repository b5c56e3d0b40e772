package dev.miniplaces.predict;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MissingInputException;
import dev.miniplaces.train.Checkpoints;
import dev.miniplaces.train.ModelFile;
import dev.miniplaces.train.ModelManifest;
import dev.miniplaces.train.TrainConfig;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained model found from what the user named: a run directory (its {@code model_best}, else its last
 * checkpoint), a checkpoint folder, or a model file; with its run's configuration when it has one.
 *
 * @param configuration null for a bare model file
 * @param manifest what the model file records of its sizes and classes; empty in files written elsewhere
 * @param source the folder or file the model was read from
 * @param runId the run it comes from: its run directory, fully qualified; null for a bare model file
 */
public record TrainedModel(ComputationGraph model, TrainConfig configuration, Optional<ModelManifest> manifest,
    Path source, String runId) {

  public static TrainedModel read(FileSystem fs, Path given) {
    try {
      if (!fs.exists(given)) {
        throw new MissingInputException("Model", fs.makeQualified(given));
      }
      if (fs.getFileStatus(given).isFile()) {
        ModelFile.Read file = ModelFile.read(fs, given, false);
        return new TrainedModel(file.model(), null, file.manifest(), fs.makeQualified(given), null);
      }
      Path best = new Path(given, Checkpoints.BEST);
      Path folder = fs.exists(best) ? best : given;
      Checkpoints.Checkpoint checkpoint = new Checkpoints(fs, given).read(folder, false);
      return new TrainedModel(checkpoint.model(), TrainConfig.fromJson(checkpoint.state().configuration()),
          checkpoint.manifest(), fs.makeQualified(folder), fs.makeQualified(runDirectory(fs, given)).toString());
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read model " + given + ": " + e.getMessage(), e);
    }
  }

  /** The run directory of a run directory, its {@code model_best} or one of its checkpoints. */
  private static Path runDirectory(FileSystem fs, Path folder) throws IOException {
    if (fs.exists(new Path(folder, Checkpoints.BEST)) || fs.exists(new Path(folder, Checkpoints.CHECKPOINTS))) {
      return folder;
    }
    if (folder.getName().equals(Checkpoints.BEST)) {
      return folder.getParent();
    }
    Path parent = folder.getParent();
    return parent != null && parent.getName().equals(Checkpoints.CHECKPOINTS) ? parent.getParent() : folder;
  }

  /** The size its run evaluated at: from the run's configuration, else the file's manifest; empty if neither. */
  public Optional<Integer> ownEvalSize() {
    return configuration != null ? Optional.of(configuration.evalSize()) : manifest.map(ModelManifest::evalSize);
  }
}
