package dev.miniplaces.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.MissingInputException;
import dev.miniplaces.dataset.DatasetMetadata;
import dev.miniplaces.dataset.ImageId;
import dev.miniplaces.dataset.ImageTable;
import dev.miniplaces.layout.Split;
import dev.miniplaces.testing.ExpectedOutcomes;
import dev.miniplaces.testing.Fixtures;
import dev.miniplaces.testing.LocalSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingests the defect-laden golden fixture on a real local Spark and compares every outcome with EXPECTED.tsv. */
class IngestJobTest {
  private static SparkSession spark;
  private static Path fixture;
  private static ExpectedOutcomes expected;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.get();
    fixture = Fixtures.miniplacesTiny();
    expected = ExpectedOutcomes.read(fixture);
  }

  private IngestResult ingest(Path source, Path output, Split... splits) {
    EnumSet<Split> chosen = splits.length == 0 ? EnumSet.allOf(Split.class) : EnumSet.of(splits[0], splits);
    IngestConfig config = new IngestConfig(new org.apache.hadoop.fs.Path(source.toString()),
        new org.apache.hadoop.fs.Path(output.toString()), chosen, null, 42, IngestConfig.DEFAULT_MAX_PIXELS);
    return new IngestJob(spark, new PrintWriter(new StringWriter())).run(config);
  }

  @Test
  void acceptsAndRefusesExactlyWhatTheFixtureSays() {
    Path output = dir.resolve("dataset");

    IngestResult result = ingest(fixture, output);

    Dataset<Row> table = spark.read().parquet(output.toString());
    Map<String, String> acceptedSplitByPath = table.select(ImageTable.PATH, ImageTable.SPLIT).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertThat(acceptedSplitByPath).containsExactlyInAnyOrderEntriesOf(expected.accepted().stream()
        .collect(Collectors.toMap(ExpectedOutcomes.Outcome::path, ExpectedOutcomes.Outcome::split)));

    List<Row> rejected = spark.read().parquet(output.resolve(ImageTable.REJECTED_DIR).toString()).collectAsList();
    assertThat(rejected).hasSize(expected.rejected().size());
    for (ExpectedOutcomes.Outcome outcome : expected.rejected()) {
      assertThat(rejected)
          .as("refusal of %s %s", outcome.split(), outcome.path())
          .anySatisfy(row -> {
            assertThat(row.getString(0)).isEqualTo(outcome.split());
            assertThat(row.getString(1)).isEqualTo(outcome.path());
            assertThat(row.getString(2)).contains(outcome.reasonContains());
          });
    }
    assertThat(result.rejections()).hasSize(rejected.size());
    assertThat(result.repeatedLines()).isPositive();
  }

  @Test
  void storesTheOriginalBytesWithTheirHashSizeAndLabels() throws Exception {
    Path output = dir.resolve("dataset");
    ingest(fixture, output);

    List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
    assertThat(rows).isNotEmpty();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    DatasetMetadata metadata = DatasetMetadata.read(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(output.toString()));
    for (Row row : rows) {
      String path = row.getAs(ImageTable.PATH);
      byte[] original = Files.readAllBytes(fixture.resolve("images").resolve(path));
      byte[] stored = row.getAs(ImageTable.IMAGE);
      assertThat(stored).as(path).isEqualTo(original);
      assertThat((String) row.getAs(ImageTable.SHA256)).isEqualTo(HexFormat.of().formatHex(sha256.digest(original)));
      assertThat((int) row.getAs(ImageTable.NUM_BYTES)).isEqualTo(original.length);
      assertThat((long) row.getAs(ImageTable.IMAGE_ID)).isEqualTo(ImageId.of(path));
      Integer label = row.getAs(ImageTable.LABEL);
      if (row.<String>getAs(ImageTable.SPLIT).equals("test")) {
        assertThat(label).as(path).isNull();
        assertThat((String) row.getAs(ImageTable.CATEGORY)).isNull();
      } else {
        assertThat(label).as(path).isNotNull();
        assertThat((String) row.getAs(ImageTable.CATEGORY)).isEqualTo(metadata.classes().get(label).name());
      }
    }
  }

  @Test
  void writesMetadataThatMatchesTheTable() {
    Path output = dir.resolve("dataset");
    IngestResult result = ingest(fixture, output);

    DatasetMetadata metadata = result.metadata();
    Dataset<Row> table = spark.read().parquet(output.toString());
    for (Split split : Split.values()) {
      long rows = table.filter(table.col(ImageTable.SPLIT).equalTo(split.id())).count();
      assertThat(metadata.splits().get(split.id()).images()).as(split.id()).isEqualTo(rows);
      assertThat(metadata.splits().get(split.id()).rejected()).as(split.id())
          .isEqualTo(expected.rejected().stream().filter(o -> o.split().equals(split.id())).count());
    }
    assertThat(metadata.schemaVersion()).isEqualTo(ImageTable.SCHEMA_VERSION);
    assertThat(metadata.classes()).extracting(DatasetMetadata.ClassEntry::name).contains("bakery/shop");
    // Spark reads every Parquet column back as nullable; names, order and types must match the declared schema.
    assertThat(table.schema().fields()).extracting(f -> f.name() + ":" + f.dataType().simpleString())
        .containsExactly(java.util.Arrays.stream(ImageTable.SCHEMA.fields())
            .map(f -> f.name() + ":" + f.dataType().simpleString()).toArray(String[]::new));
  }

  @Test
  void aRerunReplacesTheDatasetAndLeavesNothingBeside() throws IOException {
    Path output = dir.resolve("dataset");
    String first = ingest(fixture, output).metadata().datasetId();

    IngestResult second = ingest(fixture, output, Split.VAL);

    assertThat(second.metadata().datasetId()).isNotEqualTo(first);
    assertThat(spark.read().parquet(output.toString()).select(ImageTable.SPLIT).distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("val");
    try (var siblings = Files.list(dir)) {
      assertThat(siblings).extracting(p -> p.getFileName().toString()).containsExactly("dataset");
    }
  }

  @Test
  void ingestsTheUnlabelledTestSplitAlone() {
    Path output = dir.resolve("dataset");

    IngestResult result = ingest(fixture, output, Split.TEST);

    assertThat(result.metadata().splits()).containsOnlyKeys("test");
    assertThat(spark.read().parquet(output.toString()).filter("label IS NOT NULL").count()).isZero();
  }

  @Test
  void byDefaultTakesTheSplitsTheSourceHoldsAndSaysWhich() throws IOException {
    Path source = dir.resolve("source");
    FileUtils.copyDirectory(fixture.toFile(), source.toFile());
    FileUtils.deleteDirectory(source.resolve("images/test").toFile());
    StringWriter console = new StringWriter();

    IngestResult result = new IngestJob(spark, new PrintWriter(console)).run(IngestConfig.allSplits(
        new org.apache.hadoop.fs.Path(source.toString()), new org.apache.hadoop.fs.Path(dir.resolve("dataset")
            .toString())));

    assertThat(result.metadata().splits()).containsOnlyKeys("train", "val");
    assertThat(console.toString()).contains("Ingesting the splits file:" + source + " holds: train, val (no "
        + "images/test; --splits names the ones to require)");
  }

  @Test
  void aSplitAskedForByNameMustExist() throws IOException {
    Path source = dir.resolve("source");
    FileUtils.copyDirectory(fixture.toFile(), source.toFile());
    FileUtils.deleteDirectory(source.resolve("images/test").toFile());

    assertThatThrownBy(() -> ingest(source, dir.resolve("dataset"), Split.TRAIN, Split.TEST))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("Image folder of the test split not found: file:" + source.resolve("images/test"));
  }

  @Test
  void aSourceWithoutAnySplitIsRefusedByDefault() throws IOException {
    Path source = dir.resolve("source");
    Files.createDirectories(source.resolve("images"));

    assertThatThrownBy(() -> new IngestJob(spark, new PrintWriter(new StringWriter())).run(IngestConfig.allSplits(
        new org.apache.hadoop.fs.Path(source.toString()), new org.apache.hadoop.fs.Path(dir.resolve("dataset")
            .toString()))))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("A split (train.txt, val.txt or images/test) not found: file:" + source);
  }

  @Test
  void aMissingLabelFileStopsTheJobNamingThePath() throws IOException {
    Path source = dir.resolve("source");
    FileUtils.copyDirectory(fixture.toFile(), source.toFile());
    Files.delete(source.resolve("val.txt"));

    assertThatThrownBy(() -> ingest(source, dir.resolve("dataset")))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("Label file of the val split not found: file:" + source.resolve("val.txt"));
    assertThat(dir.resolve("dataset")).doesNotExist();
  }

  @Test
  void aSourceWithNothingUsableFailsAndLeavesNoOutput() throws IOException {
    Path source = dir.resolve("source");
    Files.createDirectories(source.resolve("images/train"));
    Files.writeString(source.resolve("categories.txt"), "/a/abbey 0\n");
    Files.writeString(source.resolve("train.txt"), "train/a/abbey/00000001.jpg 0\n");

    assertThatThrownBy(() -> ingest(source, dir.resolve("dataset"), Split.TRAIN))
        .isInstanceOf(dev.miniplaces.MiniplacesException.class)
        .hasMessageContaining("No image of file:" + source + " was accepted (1 refused; first: "
            + "listed in train.txt but missing)");
    try (var siblings = Files.list(dir)) {
      assertThat(siblings).extracting(p -> p.getFileName().toString()).containsExactly("source");
    }
  }

  @Test
  void aMissingSourceFolderStopsTheJobNamingThePath() {
    assertThatThrownBy(() -> ingest(dir.resolve("nothing"), dir.resolve("dataset")))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("Source folder not found: file:" + dir.resolve("nothing"));
  }
}
