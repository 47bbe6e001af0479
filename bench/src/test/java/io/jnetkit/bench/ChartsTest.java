package io.jnetkit.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart writer, read back: a PNG of the documented size, with the series' colours on it. */
class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void lineChartIsAPngWithTheSeriesDrawn() throws Exception {
        Path png = dir.resolve("sub/line.png");
        Charts.line(png, "per-pod cost", "pods", "ms/pod", List.of(
                new Charts.Series("a", new double[] {10, 100, 500}, new double[] {3, 2.5, 2.4}),
                new Charts.Series("b", new double[] {10, 100, 500}, new double[] {8, 7, Double.NaN})), true);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertTrue(count(img, 0x1f77b4) > 100, "first series' blue drawn");
        assertTrue(count(img, 0xd62728) > 50, "second series' red drawn");
        assertTrue(nonWhite(img) > 0.005, "not blank");
    }

    @Test
    void barChartDrawsOneBarPerValue() throws Exception {
        Path png = dir.resolve("bars.png");
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("jnetkit", new double[] {120, 90});
        s.put("ip", new double[] {2, 0});  // 0: no bar
        Charts.bars(png, "start-up", "ms", List.of("link show", "addr show"), s);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        // The tallest bar (120 of a 120 axis) fills most of the plot's height in the first colour.
        assertTrue(count(img, 0x1f77b4) > 5000, "jnetkit bars");
        assertTrue(count(img, 0xd62728) > 10, "the small ip bar is still there");
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void emptyChartIsStillAFrame() throws Exception {
        Path png = dir.resolve("empty.png");
        Charts.line(png, "nothing", "x", "y", List.of(), false);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertTrue(nonWhite(img) > 0.001, "axes and title drawn");
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        }
        return n;
    }

    private static double nonWhite(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) n++;
        }
        return n / (double) (img.getWidth() * img.getHeight());
    }
}
