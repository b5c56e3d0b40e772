package dev.miniplaces.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.Split;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
  private static List<LabelledImage> images(Split split, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new LabelledImage(split, split.id() + "/" + String.format("%08d.jpg", i), i % 10))
        .toList();
  }

  @Test
  void sizesFilesFromTheImageCountAndTheCores() {
    assertThat(ShardPlanner.fileCount(0, 2)).isZero();
    assertThat(ShardPlanner.fileCount(150, 8)).isEqualTo(1);
    assertThat(ShardPlanner.fileCount(1_000, 2)).isEqualTo(2);
    assertThat(ShardPlanner.fileCount(1_000, 64)).isEqualTo(5);
    assertThat(ShardPlanner.fileCount(10_000, 2)).isEqualTo(2);
    assertThat(ShardPlanner.fileCount(100_000, 2)).isEqualTo(20);
    assertThat(ShardPlanner.fileCount(100_000, 64)).isEqualTo(64);
  }

  @Test
  void shufflesTrainDeterministicallyAndKeepsEveryImageOnce() {
    Map<Split, List<LabelledImage>> input = Map.of(Split.TRAIN, images(Split.TRAIN, 1_000));

    List<Shard> plan = ShardPlanner.plan(input, 3, 2, 7);
    List<LabelledImage> written = plan.stream().flatMap(s -> s.images().stream()).toList();

    assertThat(plan).hasSize(3).extracting(Shard::index).containsExactly(0, 1, 2);
    assertThat(plan).extracting(s -> s.images().size()).containsExactly(333, 333, 334);
    assertThat(written).containsExactlyInAnyOrderElementsOf(input.get(Split.TRAIN));
    assertThat(written).isNotEqualTo(input.get(Split.TRAIN));
    assertThat(ShardPlanner.plan(input, 3, 2, 7)).isEqualTo(plan);
    assertThat(ShardPlanner.plan(input, 3, 2, 8)).isNotEqualTo(plan);
  }

  @Test
  void keepsValAndTestInFileOrder() {
    Map<Split, List<LabelledImage>> input = Map.of(Split.VAL, images(Split.VAL, 500));

    List<LabelledImage> written =
        ShardPlanner.plan(input, 2, 2, 7).stream().flatMap(s -> s.images().stream()).toList();

    assertThat(written).isEqualTo(input.get(Split.VAL));
  }

  @Test
  void neverMakesMoreFilesThanImages() {
    assertThat(ShardPlanner.plan(Map.of(Split.VAL, images(Split.VAL, 3)), 10, 2, 7)).hasSize(3);
  }
}
