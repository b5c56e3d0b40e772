package dev.miniplaces.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.layout.Category;
import dev.miniplaces.layout.Split;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SyntheticScenesTest {

  @Test
  void allClassesHaveDistinctPathsWithAlphabeticalIds() {
    List<Category> categories = new SyntheticScenes(new SynthSpec(125, 1, 0, 0, 16, 1)).categories();

    List<String> paths = categories.stream().map(Category::path).toList();
    assertThat(paths).doesNotHaveDuplicates().isSorted().hasSize(125);
    assertThat(categories).extracting(Category::id).containsExactlyElementsOf(IntStream.range(0, 125).boxed().toList());
    assertThat(paths).contains("/d/dusk_circles_stripes", "/d/dusk_circles/plain", "/n/noon_towers_waves");
    assertThat(paths).filteredOn(p -> p.endsWith("/plain")).hasSize(25);
  }

  @Test
  void fewClassesStillMixEveryAttribute() {
    List<String> names =
        new SyntheticScenes(new SynthSpec(5, 1, 0, 0, 16, 1)).categories().stream().map(Category::name).toList();

    assertThat(names)
        .containsExactly(
            "dawn_circles_checks", "dusk_diamonds_dots", "fog_squares/plain", "night_towers_stripes",
            "noon_triangles_waves");
  }

  @Test
  void trainListsClassesInIdOrderAndValBalancesThemShuffled() {
    SyntheticScenes scenes = new SyntheticScenes(new SynthSpec(4, 3, 5, 2, 16, 9));

    assertThat(IntStream.range(0, 12).map(i -> scenes.labelOf(Split.TRAIN, i)).toArray())
        .containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3);
    int[] val = IntStream.range(0, 20).map(i -> scenes.labelOf(Split.VAL, i)).toArray();
    assertThat(countByLabel(val)).containsOnlyKeys(0, 1, 2, 3).allSatisfy((label, n) -> assertThat(n).isEqualTo(5));
    assertThat(val).isNotEqualTo(IntStream.of(val).sorted().toArray());
    assertThat(countByLabel(IntStream.range(0, 8).map(i -> scenes.labelOf(Split.TEST, i)).toArray()))
        .allSatisfy((label, n) -> assertThat(n).isEqualTo(2));
  }

  @Test
  void rendersTheSamePixelsForTheSameSeedOnAnyThread() {
    SynthSpec spec = new SynthSpec(10, 4, 2, 2, 48, 3);
    SyntheticScenes first = new SyntheticScenes(spec);
    SyntheticScenes second = new SyntheticScenes(spec);

    List<int[]> sequential = IntStream.range(0, 40).mapToObj(i -> pixels(first.render(Split.TRAIN, i))).toList();
    List<int[]> parallel =
        IntStream.range(0, 40).parallel().mapToObj(i -> pixels(second.render(Split.TRAIN, i))).toList();

    for (int i = 0; i < 40; i++) {
      assertThat(parallel.get(i)).as("train image %d", i).isEqualTo(sequential.get(i));
    }
  }

  @Test
  void differentSeedsOrSplitsRenderDifferentImages() {
    SyntheticScenes seed1 = new SyntheticScenes(new SynthSpec(3, 2, 2, 2, 32, 1));
    SyntheticScenes seed2 = new SyntheticScenes(new SynthSpec(3, 2, 2, 2, 32, 2));

    assertThat(pixels(seed1.render(Split.TRAIN, 0))).isNotEqualTo(pixels(seed2.render(Split.TRAIN, 0)));
    assertThat(pixels(seed1.render(Split.TRAIN, 0))).isNotEqualTo(pixels(seed1.render(Split.TRAIN, 1)));
    assertThat(seed1.categories()).isEqualTo(seed2.categories());
  }

  @Test
  void rendersSquareImagesOfTheRequestedSize() {
    BufferedImage image = new SyntheticScenes(new SynthSpec(1, 1, 0, 0, 40, 1)).render(Split.TRAIN, 0);

    assertThat(image.getWidth()).isEqualTo(40);
    assertThat(image.getHeight()).isEqualTo(40);
  }

  /**
   * Learnable but not trivial: a nearest-centroid classifier on 8×8 thumbnails beats chance (10 %) by far, yet
   * stays clearly below perfect, since shapes and textures barely survive the downsampling and palettes overlap.
   */
  @Test
  void nearestCentroidOnThumbnailsIsFarAboveChanceButNotPerfect() {
    SyntheticScenes scenes = new SyntheticScenes(new SynthSpec(10, 30, 20, 0, 32, 11));
    int classes = 10;
    double[][] centroids = new double[classes][];
    for (int i = 0; i < scenes.imageCount(Split.TRAIN); i++) {
      int label = scenes.labelOf(Split.TRAIN, i);
      double[] features = thumbnail(scenes.render(Split.TRAIN, i));
      centroids[label] = centroids[label] == null ? features : add(centroids[label], features);
    }
    int correct = 0;
    int valImages = scenes.imageCount(Split.VAL);
    for (int i = 0; i < valImages; i++) {
      if (nearest(centroids, thumbnail(scenes.render(Split.VAL, i))) == scenes.labelOf(Split.VAL, i)) {
        correct++;
      }
    }
    double accuracy = (double) correct / valImages;

    assertThat(accuracy).isBetween(0.35, 0.9);
  }

  private static Map<Integer, Integer> countByLabel(int[] labels) {
    Map<Integer, Integer> counts = new HashMap<>();
    Arrays.stream(labels).forEach(label -> counts.merge(label, 1, Integer::sum));
    return counts;
  }

  private static int[] pixels(BufferedImage image) {
    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData().clone();
  }

  /** Mean RGB of each 4×4 block of a 32×32 image: 192 features. */
  private static double[] thumbnail(BufferedImage image) {
    int block = image.getWidth() / 8;
    double[] features = new double[8 * 8 * 3];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int cell = ((y / block) * 8 + x / block) * 3;
        features[cell] += (rgb >> 16) & 0xff;
        features[cell + 1] += (rgb >> 8) & 0xff;
        features[cell + 2] += rgb & 0xff;
      }
    }
    return features;
  }

  private static double[] add(double[] a, double[] b) {
    double[] sum = new double[a.length];
    Arrays.setAll(sum, i -> a[i] + b[i]);
    return sum;
  }

  /** The class whose centroid direction is closest; centroids are sums, so compare against their means. */
  private static int nearest(double[][] centroidSums, double[] features) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centroidSums.length; c++) {
      double distance = 0;
      for (int i = 0; i < features.length; i++) {
        double d = centroidSums[c][i] / 30 - features[i];
        distance += d * d;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    return best;
  }
}
