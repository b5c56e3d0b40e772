package dev.miniplaces.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {
  @TempDir Path dir;
  private final FileSystem fs = localFs();

  private static FileSystem localFs() {
    try {
      return FileSystem.getLocal(new Configuration()).getRaw();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private AtomicDirectory begin() {
    return AtomicDirectory.begin(fs, new org.apache.hadoop.fs.Path(dir.resolve("dataset").toString()));
  }

  private static void write(org.apache.hadoop.fs.Path folder, String content) throws IOException {
    Path path = Path.of(folder.toUri().getPath());
    Files.createDirectories(path);
    Files.writeString(path.resolve("data.txt"), content);
  }

  private String published() throws IOException {
    return Files.readString(dir.resolve("dataset/data.txt"));
  }

  @Test
  void publishesAndReplaces() throws IOException {
    AtomicDirectory first = begin();
    write(first.staging(), "v1");
    first.commit();
    assertThat(published()).isEqualTo("v1");

    AtomicDirectory second = begin();
    write(second.staging(), "v2");
    second.commit();

    assertThat(published()).isEqualTo("v2");
    try (var siblings = Files.list(dir)) {
      assertThat(siblings).extracting(p -> p.getFileName().toString()).containsExactly("dataset");
    }
  }

  @Test
  void anAbortedRunLeavesThePreviousVersionAndTheNextRunClearsItsStaging() throws IOException {
    AtomicDirectory first = begin();
    write(first.staging(), "v1");
    first.commit();

    AtomicDirectory killed = begin();
    write(killed.staging(), "half");
    assertThat(published()).isEqualTo("v1");

    AtomicDirectory next = begin();
    assertThat(Files.exists(Path.of(killed.staging().toUri().getPath()))).isFalse();
    assertThat(next.staging()).isNotEqualTo(killed.staging());
    assertThat(published()).isEqualTo("v1");
  }

  @Test
  void restoresThePreviousVersionWhenARunDiedBetweenTheTwoRenames() throws IOException {
    AtomicDirectory first = begin();
    write(first.staging(), "v1");
    first.commit();
    Files.move(dir.resolve("dataset"), dir.resolve("dataset.previous"));

    begin();

    assertThat(published()).isEqualTo("v1");
    assertThat(Files.exists(dir.resolve("dataset.previous"))).isFalse();
  }
}
