package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
  private static final long[] IDS = LongStream.range(0, 103).map(i -> i * 7919 + 11).toArray();
  private static final EpochOrder.RoundShape SHAPE = new EpochOrder.RoundShape(4, 5, 2); // global 20, round 40

  @Test
  void aPermutationWithoutTheLastPartialBatchCutIntoRounds() {
    EpochOrder order = EpochOrder.draw(IDS, SHAPE, 3, 0);

    int[] positions = Arrays.stream(IDS).mapToInt(order::positionOf).toArray();
    assertThat(Arrays.stream(positions).filter(p -> p >= 0).sorted().toArray())
        .containsExactly(java.util.stream.IntStream.range(0, 100).toArray());
    assertThat(Arrays.stream(positions).filter(p -> p < 0).count()).as("dropped").isEqualTo(3);
    assertThat(order.images()).isEqualTo(100);
    assertThat(order.rounds()).isEqualTo(3);
    assertThat(new int[] {order.iterationsIn(0), order.iterationsIn(1), order.iterationsIn(2)})
        .containsExactly(2, 2, 1);
    assertThat(order.positionOf(12345)).as("not in the split").isEqualTo(-1);
    for (int round = 0; round < 3; round++) {
      int r = round;
      long[] perWorker = new long[4];
      Arrays.stream(positions).filter(p -> p >= 0 && order.roundOf(p) == r)
          .forEach(p -> perWorker[order.workerOf(p)]++);
      assertThat(perWorker).as("round %d", round).containsOnly(5L * order.iterationsIn(round));
    }
  }

  @Test
  void theSameSeedAndEpochGiveTheSameOrderWhateverTheInputOrder() {
    long[] reversed = LongStream.range(0, IDS.length).map(i -> IDS[IDS.length - 1 - (int) i]).toArray();
    EpochOrder a = EpochOrder.draw(IDS, SHAPE, 3, 4);
    EpochOrder b = EpochOrder.draw(reversed, SHAPE, 3, 4);
    EpochOrder next = EpochOrder.draw(IDS, SHAPE, 3, 5);

    assertThat(Arrays.stream(IDS).map(a::positionOf).toArray())
        .isEqualTo(Arrays.stream(IDS).map(b::positionOf).toArray())
        .isNotEqualTo(Arrays.stream(IDS).map(next::positionOf).toArray());
  }
}
