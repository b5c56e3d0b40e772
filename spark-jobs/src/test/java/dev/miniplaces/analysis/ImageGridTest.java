package dev.miniplaces.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {
  private static final FontMetrics METRICS = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
      .getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 10));

  @Test
  void shortCaptionsStayOnOneLine() {
    assertThat(ImageGrid.wrap("coat > coat 98%", METRICS, 96)).containsExactly("coat > coat 98%");
  }

  @Test
  void longCaptionsWrapAtSpacesAndKeepTheConfidence() {
    List<String> lines = ImageGrid.wrap("t-shirt_top > t-shirt_top 100%", METRICS, 96);

    assertThat(lines).hasSize(2);
    assertThat(String.join(" ", lines)).isEqualTo("t-shirt_top > t-shirt_top 100%");
    assertThat(lines).allSatisfy(line -> assertThat(METRICS.stringWidth(line)).isLessThanOrEqualTo(96));
  }

  @Test
  void whatDoesNotFitEndsInAnEllipsis() {
    List<String> lines = ImageGrid.wrap("living_room_with_a_very_long_name > kitchen_with_an_even_longer_name 51%",
        METRICS, 96);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith("…");
    assertThat(lines).allSatisfy(line -> assertThat(METRICS.stringWidth(line)).isLessThanOrEqualTo(96));
    assertThat(ImageGrid.wrap(null, METRICS, 96)).isEmpty();
  }
}
