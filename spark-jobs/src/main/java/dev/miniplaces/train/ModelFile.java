package dev.miniplaces.train;

import dev.miniplaces.MiniplacesException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A model file: DL4J's {@code ModelSerializer} zip, on any Hadoop filesystem, with a {@link ModelManifest} as its
 * first entry. DL4J reads such a file as its own (it looks its entries up by name), and a file DL4J wrote
 * elsewhere reads here with no manifest.
 */
public final class ModelFile {
  private ModelFile() {}

  /** A model read back, with its manifest where the file has one. */
  public record Read(ComputationGraph model, Optional<ModelManifest> manifest) {}

  /** Writes {@code model} (with its updater state if asked) and {@code manifest} to {@code file}. */
  public static void write(FileSystem fs, Path file, ComputationGraph model, boolean withUpdater,
      ModelManifest manifest) throws IOException {
    // ModelSerializer writes a whole zip of its own; it is written locally, then copied after the manifest.
    File local = Files.createTempFile("miniplaces-model", ".zip").toFile();
    try {
      ModelSerializer.writeModel(model, local, withUpdater);
      try (ZipFile serialized = new ZipFile(local); OutputStream target = fs.create(file, true);
          ZipOutputStream zip = new ZipOutputStream(target)) {
        zip.putNextEntry(new ZipEntry(ModelManifest.ENTRY));
        zip.write(manifest.toJson());
        zip.closeEntry();
        Enumeration<? extends ZipEntry> entries = serialized.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          zip.putNextEntry(new ZipEntry(entry.getName()));
          try (InputStream in = serialized.getInputStream(entry)) {
            in.transferTo(zip);
          }
          zip.closeEntry();
        }
      }
    } finally {
      Files.deleteIfExists(local.toPath());
    }
  }

  /** Reads a model file; an unreadable one is an error naming its path. */
  public static Read read(FileSystem fs, Path file, boolean withUpdater) {
    try {
      ComputationGraph model;
      try (InputStream in = fs.open(file)) {
        model = ModelSerializer.restoreComputationGraph(in, withUpdater);
      }
      return new Read(model, manifest(fs, file));
    } catch (IOException | RuntimeException e) {
      throw new MiniplacesException("Model file " + fs.makeQualified(file) + " is unreadable (" + e.getMessage()
          + ")", e);
    }
  }

  /** The manifest alone: the file's first entry, so only its first bytes are read. */
  public static Optional<ModelManifest> manifest(FileSystem fs, Path file) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(fs.open(file))) {
      ZipEntry first = zip.getNextEntry();
      return first != null && first.getName().equals(ModelManifest.ENTRY)
          ? Optional.of(ModelManifest.fromJson(zip)) : Optional.empty();
    }
  }
}
