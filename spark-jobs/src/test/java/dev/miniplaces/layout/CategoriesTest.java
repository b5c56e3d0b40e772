package dev.miniplaces.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniplaces.InvalidInputException;
import dev.miniplaces.MissingInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategoriesTest {
  @TempDir Path dir;

  private Categories read(String text) throws IOException {
    Path file = dir.resolve("categories.txt");
    Files.writeString(file, text);
    return Categories.read(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(file.toString()));
  }

  @Test
  void readsNestedCategoriesInIdOrderWithCrlfAndBlankLines() throws IOException {
    Categories categories = read("/b/bakery/shop 1\r\n\r\n/a/abbey 0  \r\n");

    assertThat(categories.size()).isEqualTo(2);
    assertThat(categories.get(0).name()).isEqualTo("abbey");
    assertThat(categories.get(1).name()).isEqualTo("bakery/shop");
    assertThat(categories.get(1).trainFolder()).isEqualTo("train/b/bakery/shop");
  }

  @Test
  void stopsOnAMalformedLineNamingFileAndLine() {
    assertThatThrownBy(() -> read("/a/abbey 0\nabbey one\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("categories.txt line 2: 'abbey one' is not a category line");
  }

  @Test
  void stopsOnAGapInTheIds() {
    assertThatThrownBy(() -> read("/a/abbey 0\n/c/canyon 2\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("found no id 1");
  }

  @Test
  void stopsOnARepeatedId() {
    assertThatThrownBy(() -> read("/a/abbey 0\n/c/canyon 0\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("found id 0 twice");
  }

  @Test
  void namesTheMissingFile() {
    assertThatThrownBy(() -> Categories.read(FileSystem.getLocal(new Configuration()),
            new org.apache.hadoop.fs.Path(dir.resolve("nope.txt").toString())))
        .isInstanceOf(MissingInputException.class)
        .hasMessage("Categories file not found: " + dir.resolve("nope.txt"));
  }
}
