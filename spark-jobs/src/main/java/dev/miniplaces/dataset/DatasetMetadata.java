package dev.miniplaces.dataset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MissingInputException;
import dev.miniplaces.layout.Categories;
import dev.miniplaces.layout.Category;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What later jobs need to know about an ingested dataset without rescanning it, stored as {@code _dataset.json}
 * beside the partitions: the class list, counts per split, where it came from and when.
 *
 * @param schemaVersion {@link ImageTable#SCHEMA_VERSION} of the table it describes
 * @param datasetId unique per ingest run; results computed from the dataset carry it
 * @param createdAt ISO-8601 instant the dataset was committed
 * @param source the source folder, fully qualified
 * @param classes the class list in id order
 * @param splits per split: images accepted and refused, Parquet files, bytes of encoded images
 * @param shuffleSeed the seed of the train split's row order
 */
public record DatasetMetadata(
    int schemaVersion,
    String datasetId,
    String createdAt,
    String source,
    List<ClassEntry> classes,
    Map<String, SplitSummary> splits,
    long shuffleSeed) {

  public static final String FILE_NAME = "_dataset.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One class: id, category path as in categories.txt, readable name. */
  public record ClassEntry(int id, String path, String name) {
    static ClassEntry of(Category category) {
      return new ClassEntry(category.id(), category.path(), category.name());
    }
  }

  /** The outcome of one split. */
  public record SplitSummary(long images, long rejected, int files, long imageBytes) {}

  public static List<ClassEntry> classEntries(Categories categories) {
    return categories.asList().stream().map(ClassEntry::of).toList();
  }

  public Categories categories() {
    return new Categories(classes.stream().map(c -> new Category(c.id(), c.path())).toList());
  }

  public void write(FileSystem fs, Path datasetDir) {
    Path file = new Path(datasetDir, FILE_NAME);
    try (OutputStream out = fs.create(file, true)) {
      JSON.writeValue(out, this);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Reads a dataset's metadata, refusing a folder that is not an ingested dataset or has a foreign schema. */
  public static DatasetMetadata read(FileSystem fs, Path datasetDir) {
    Path file = new Path(datasetDir, FILE_NAME);
    DatasetMetadata metadata;
    try (InputStream in = fs.open(file)) {
      metadata = JSON.readValue(in, DatasetMetadata.class);
    } catch (FileNotFoundException e) {
      throw new MissingInputException("Dataset metadata (is " + datasetDir + " an ingested dataset?)", file);
    } catch (IOException e) {
      throw new InvalidInputException("Unreadable dataset metadata " + file + ": " + e.getMessage(), e);
    }
    if (metadata.schemaVersion() != ImageTable.SCHEMA_VERSION) {
      throw new InvalidInputException("Dataset " + datasetDir + " has schema version " + metadata.schemaVersion()
          + "; this build reads version " + ImageTable.SCHEMA_VERSION + " (re-run ingest)");
    }
    return metadata;
  }
}
