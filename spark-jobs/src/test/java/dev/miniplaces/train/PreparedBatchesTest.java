package dev.miniplaces.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.augment.Augmentation;
import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.fixtures.SampleImages;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.ImageInspector;
import dev.miniplaces.layout.Split;
import dev.miniplaces.synth.SynthSpec;
import dev.miniplaces.synth.SyntheticScenes;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** Batches prepared on pools of several sizes from real scene JPEGs, one of them broken. */
class PreparedBatchesTest {
  private static final int BATCH = 8;
  private static final int BROKEN = 11;
  private static final Augmentation AUGMENTATION = Augmentation.reference(80, 64);
  private static final PreparedBatches.Recipe RECIPE = new PreparedBatches.Recipe(
      new ImageDecoder(ImageInspector.DEFAULT_MAX_PIXELS), new FusedAugmenter(AUGMENTATION), 10, 5, 3);
  private static final List<LabelledImage> IMAGES = new ArrayList<>();

  @BeforeAll
  static void renderScenes() {
    SyntheticScenes scenes = new SyntheticScenes(new SynthSpec(10, 5, 1, 1, 64, 3));
    for (int i = 0; i < 45; i++) {
      byte[] jpeg = SampleImages.jpeg(scenes.render(Split.TRAIN, i), false);
      if (i == BROKEN) {
        jpeg = Arrays.copyOf(jpeg, 30); // a header and nothing else
      }
      IMAGES.add(new LabelledImage(1000 + 7L * i, jpeg, scenes.labelOf(Split.TRAIN, i)));
    }
  }

  private static List<DataSet> prepare(int threads, AtomicLong undecodable) {
    List<DataSet> batches = new ArrayList<>();
    // Every batch is kept, so the ring must not wrap.
    new PreparedBatches(IMAGES.iterator(), RECIPE, BATCH, threads, IMAGES.size(), undecodable::addAndGet)
        .forEachRemaining(batches::add);
    return batches;
  }

  @Test
  void everyPoolSizeGivesTheSameBatchesBitForBit() {
    AtomicLong undecodable = new AtomicLong();
    List<DataSet> one = prepare(1, undecodable);
    for (int threads : new int[] {2, 3, 8}) {
      List<DataSet> many = prepare(threads, undecodable);
      assertThat(many).hasSameSizeAs(one);
      for (int b = 0; b < one.size(); b++) {
        assertThat(many.get(b).getFeatures().data().asFloat()).as("batch %d on %d threads", b, threads)
            .containsExactly(one.get(b).getFeatures().data().asFloat());
        assertThat(many.get(b).getLabels()).isEqualTo(one.get(b).getLabels());
      }
    }
    assertThat(undecodable.get()).isEqualTo(4); // the broken image, once per run
  }

  @Test
  void eachSampleIsItsImagesOwnAugmentationInSourceOrder() throws Exception {
    List<DataSet> batches = prepare(3, new AtomicLong());
    assertThat(batches.stream().mapToInt(DataSet::numExamples)).containsExactly(8, 7, 8, 8, 8, 5);
    List<LabelledImage> kept = new ArrayList<>(IMAGES);
    kept.remove(BROKEN);
    int row = 0;
    for (DataSet batch : batches) {
      for (int i = 0; i < batch.numExamples(); i++, row++) {
        LabelledImage image = kept.get(row);
        float[] expected = RECIPE.augmenter().augment(RECIPE.decoder().decodePixels(image.image()),
            new Random(RECIPE.imageSeed(image.id())));
        assertThat(batch.getFeatures().slice(i).dup().data().asFloat()).as("image %d", image.id())
            .containsExactly(expected);
        assertThat(batch.getLabels().getRow(i).argMax().getInt(0)).isEqualTo(image.label());
      }
    }
    assertThat(row).isEqualTo(IMAGES.size() - 1);
  }

  @Test
  void readsAtMostThreeBatchesAheadOfTheTrainer() {
    AtomicInteger read = new AtomicInteger();
    Iterator<LabelledImage> source = IMAGES.iterator();
    Iterator<LabelledImage> counting = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public LabelledImage next() {
        read.incrementAndGet();
        return source.next();
      }
    };
    try (PreparedBatches batches = new PreparedBatches(counting, RECIPE, BATCH, 4, 1, n -> {})) {
      batches.next();
      // The batch handed out and two in flight.
      assertThat(read.get()).isEqualTo(3 * BATCH);
    }
  }

  @Test
  void batchMemoryIsARingOfTheBatchesInFlightAndThoseHeld() {
    List<Long> addresses = new ArrayList<>();
    List<float[]> whenTaken = new ArrayList<>();
    new PreparedBatches(IMAGES.iterator(), RECIPE, BATCH, 2, 2, n -> {}).forEachRemaining(batch -> {
      addresses.add(batch.getFeatures().data().address());
      whenTaken.add(batch.getFeatures().dup().data().asFloat());
    });
    // 2 in flight + 2 held: batch k reuses batch k - 4's memory, and no sooner.
    for (int k = 0; k < addresses.size(); k++) {
      for (int earlier = Math.max(0, k - 3); earlier < k; earlier++) {
        assertThat(addresses.get(k)).isNotEqualTo(addresses.get(earlier));
      }
    }
    assertThat(addresses.get(4)).isEqualTo(addresses.get(0));
    // What each batch held when taken is what a run that keeps every batch sees.
    List<DataSet> kept = prepare(2, new AtomicLong());
    for (int k = 0; k < kept.size(); k++) {
      assertThat(whenTaken.get(k)).containsExactly(kept.get(k).getFeatures().dup().data().asFloat());
    }
  }

  @Test
  void itsThreadsEndWithTheLastBatch() throws Exception {
    prepare(4, new AtomicLong());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (prepThreadsAlive() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertThat(prepThreadsAlive()).isZero();
  }

  private static long prepThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("miniplaces-prep-") && t.isAlive()).count();
  }
}
