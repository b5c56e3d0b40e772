package dev.miniplaces.analysis;

import dev.miniplaces.MiniplacesException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Images tiled {@value #COLUMNS} to a row, as the reference draws its batches, each enlarged to at least
 * {@value #MIN_TILE} pixels (nearest neighbour, so that every input pixel stays visible) with a caption below,
 * wrapped onto {@value #CAPTION_LINES} lines at spaces (long class names would otherwise hide the confidence).
 */
public final class ImageGrid {
  public static final int COLUMNS = 10;
  static final int MIN_TILE = 96;
  private static final int GAP = 2;
  static final int CAPTION_LINES = 2;
  private static final int LINE = 12;
  static final int CAPTION = CAPTION_LINES * LINE + 2;

  private ImageGrid() {}

  /** @param rgb CHW values in [0, 1], {@code size} square */
  public record Tile(float[] rgb, int size, String caption) {
    public Tile {
      if (rgb.length != 3 * size * size) {
        throw new IllegalArgumentException("A " + size + "x" + size + " RGB tile has " + 3 * size * size
            + " values, got " + rgb.length);
      }
    }
  }

  public static BufferedImage render(List<Tile> tiles) {
    return render(tiles, COLUMNS);
  }

  /** {@code tiles} in rows of {@code perRow}. */
  public static BufferedImage render(List<Tile> tiles, int perRow) {
    if (tiles.isEmpty() || perRow < 1) {
      throw new IllegalArgumentException("An image grid needs tiles and at least one per row");
    }
    int size = tiles.get(0).size();
    int scale = Math.max(1, (MIN_TILE + size - 1) / size);
    int tile = size * scale;
    int columns = Math.min(perRow, tiles.size());
    int rows = (tiles.size() + perRow - 1) / perRow;
    BufferedImage grid = new BufferedImage(columns * (tile + GAP) + GAP, rows * (tile + CAPTION + GAP) + GAP,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      for (int i = 0; i < tiles.size(); i++) {
        int x = GAP + (i % perRow) * (tile + GAP);
        int y = GAP + (i / perRow) * (tile + CAPTION + GAP);
        Tile t = tiles.get(i);
        if (t.size() != size) {
          throw new IllegalArgumentException("Tiles of one grid share a size: " + size + " and " + t.size());
        }
        g.drawImage(enlarge(t, scale), x, y, null);
        g.setColor(Color.BLACK);
        List<String> lines = wrap(t.caption(), g.getFontMetrics(), tile);
        for (int line = 0; line < lines.size(); line++) {
          g.drawString(lines.get(line), x, y + tile + (line + 1) * LINE);
        }
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  private static BufferedImage enlarge(Tile t, int scale) {
    int size = t.size();
    int plane = size * size;
    BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size * scale; y++) {
      for (int x = 0; x < size * scale; x++) {
        int i = (y / scale) * size + x / scale;
        image.setRGB(x, y, (byte255(t.rgb()[i]) << 16) | (byte255(t.rgb()[plane + i]) << 8)
            | byte255(t.rgb()[2 * plane + i]));
      }
    }
    return image;
  }

  private static int byte255(float v) {
    return Math.round(255 * Math.min(1f, Math.max(0f, v)));
  }

  /** Up to {@value #CAPTION_LINES} lines of {@code caption}, broken at spaces; what still does not fit ends in …. */
  static List<String> wrap(String caption, FontMetrics metrics, int width) {
    List<String> lines = new ArrayList<>();
    String rest = caption == null ? "" : caption.strip();
    while (!rest.isEmpty() && lines.size() < CAPTION_LINES) {
      if (lines.size() == CAPTION_LINES - 1 || metrics.stringWidth(rest) <= width) {
        lines.add(fit(rest, metrics, width));
        break;
      }
      int end = rest.length();
      while (end > 0 && metrics.stringWidth(rest.substring(0, end)) > width) {
        end = rest.lastIndexOf(' ', end - 1);
      }
      if (end <= 0) { // one word wider than the tile
        lines.add(fit(rest.split(" ", 2)[0], metrics, width));
        end = rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ');
      } else {
        lines.add(rest.substring(0, end));
      }
      rest = rest.substring(end).strip();
    }
    return lines;
  }

  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String s = text;
    while (s.length() > 1 && metrics.stringWidth(s + "…") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "…";
  }

  /** Writes {@code image} as a PNG file on any Hadoop filesystem. */
  public static void write(FileSystem fs, Path path, BufferedImage image) {
    try (OutputStream out = fs.create(path, true)) {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new MiniplacesException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
