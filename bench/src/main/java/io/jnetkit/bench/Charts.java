package io.jnetkit.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG charts for the benchmark report, drawn with the JDK's own headless Java2D and written with
 * ImageIO: a line chart (optionally logarithmic on both axes, for per-pod cost against N) and a
 * grouped bar chart (start-up per command, ratios). No plotting library: the report must be
 * drawable on a machine with only the JDK, and these two shapes are all it needs.
 */
public final class Charts {
    /** Chart size in pixels: readable in a README at its natural size. */
    public static final int WIDTH = 900, HEIGHT = 480;
    private static final int LEFT = 80, RIGHT = 220, TOP = 50, BOTTOM = 60;
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {}

    /** One line: its legend name and its points (equal lengths; NaN y = no point). */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x, " + y.length + " y");
        }
    }

    /**
     * Writes a line chart. With {@code log} both axes are logarithmic (base 10), so that a cost
     * flat in N is a horizontal line and the tools' ratios are constant distances.
     */
    public static void line(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean log)
            throws IOException {
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!usable(s.x()[i], log) || !usable(s.y()[i], log)) continue;
                x0 = Math.min(x0, s.x()[i]);
                x1 = Math.max(x1, s.x()[i]);
                y0 = Math.min(y0, s.y()[i]);
                y1 = Math.max(y1, s.y()[i]);
            }
        }
        if (x0 > x1) { // nothing to draw: an empty frame that says so
            x0 = 1; x1 = 10; y0 = 1; y1 = 10;
        }
        if (!log) y0 = Math.min(0, y0);
        Axis ax = new Axis(x0, x1, log), ay = new Axis(y0, y1, log);
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame(img, title, xLabel, yLabel);
        for (double t : ax.ticks()) {
            int px = px(ax, t);
            g.setColor(new Color(0xe6e6e6));
            g.draw(new Line2D.Double(px, TOP, px, HEIGHT - BOTTOM));
            g.setColor(Color.DARK_GRAY);
            center(g, fmt(t), px, HEIGHT - BOTTOM + 18);
        }
        yTicks(g, ay);
        int k = 0;
        for (Series s : series) {
            Color c = PALETTE[k % PALETTE.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2.2f));
            int lastX = -1, lastY = -1;
            for (int i = 0; i < s.x().length; i++) {
                if (!usable(s.x()[i], log) || !usable(s.y()[i], log)) {
                    lastX = -1;
                    continue;
                }
                int px = px(ax, s.x()[i]), py = py(ay, s.y()[i]);
                if (lastX >= 0) g.drawLine(lastX, lastY, px, py);
                g.fillOval(px - 4, py - 4, 8, 8);
                lastX = px;
                lastY = py;
            }
            legend(g, k, s.name(), c);
            k++;
        }
        write(img, g, png);
    }

    /** Writes a grouped bar chart: one group of bars per category, one bar per series (value per category). */
    public static void bars(Path png, String title, String yLabel, List<String> categories, Map<String, double[]> series)
            throws IOException {
        double max = 0;
        for (double[] v : series.values()) {
            for (double d : v) if (Double.isFinite(d)) max = Math.max(max, d);
        }
        Axis ay = new Axis(0, max <= 0 ? 1 : max, false);
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame(img, title, "", yLabel);
        yTicks(g, ay);
        int plotW = WIDTH - LEFT - RIGHT;
        int groups = Math.max(1, categories.size());
        double groupW = plotW / (double) groups;
        int n = Math.max(1, series.size());
        double barW = groupW * 0.8 / n;
        for (int c = 0; c < categories.size(); c++) {
            double gx = LEFT + c * groupW + groupW * 0.1;
            int k = 0;
            for (Map.Entry<String, double[]> e : series.entrySet()) {
                double v = c < e.getValue().length ? e.getValue()[c] : Double.NaN;
                if (Double.isFinite(v) && v > 0) {
                    g.setColor(PALETTE[k % PALETTE.length]);
                    int top = py(ay, v);
                    g.fillRect((int) (gx + k * barW), top, Math.max(1, (int) barW - 2), HEIGHT - BOTTOM - top);
                }
                k++;
            }
            g.setColor(Color.DARK_GRAY);
            center(g, categories.get(c), (int) (LEFT + c * groupW + groupW / 2), HEIGHT - BOTTOM + 18);
        }
        int k = 0;
        for (String name : series.keySet()) legend(g, k, name, PALETTE[k++ % PALETTE.length]);
        write(img, g, png);
    }

    private static boolean usable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /** An axis: linear or log10, with "nice" ticks. */
    private record Axis(double lo, double hi, boolean log) {
        Axis {
            if (log) {
                lo = Math.pow(10, Math.floor(Math.log10(lo)));
                hi = Math.pow(10, Math.ceil(Math.log10(hi)));
                if (hi <= lo) hi = lo * 10;
            } else {
                double step = niceStep((hi - lo) / 5);
                lo = Math.floor(lo / step) * step;
                hi = Math.ceil(hi / step) * step;
                if (hi <= lo) hi = lo + step;
            }
        }

        double frac(double v) {
            return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        }

        List<Double> ticks() {
            java.util.ArrayList<Double> t = new java.util.ArrayList<>();
            if (log) {
                for (double v = lo; v <= hi * 1.0001; v *= 10) t.add(v);
            } else {
                double step = niceStep((hi - lo) / 5);
                for (double v = lo; v <= hi + step / 1000; v += step) t.add(v);
            }
            return t;
        }

        static double niceStep(double raw) {
            if (raw <= 0) return 1;
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double m = raw / p;
            return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
        }
    }

    private static int px(Axis a, double v) {
        return (int) Math.round(LEFT + a.frac(v) * (WIDTH - LEFT - RIGHT));
    }

    private static int py(Axis a, double v) {
        return (int) Math.round(HEIGHT - BOTTOM - a.frac(v) * (HEIGHT - TOP - BOTTOM));
    }

    private static Graphics2D frame(BufferedImage img, String title, String xLabel, String yLabel) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.setColor(Color.DARK_GRAY);
        center(g, xLabel, LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 18);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        FontMetrics fm = r.getFontMetrics();
        r.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM) / 2) - fm.stringWidth(yLabel) / 2, 18);
        r.dispose();
        return g;
    }

    private static void yTicks(Graphics2D g, Axis ay) {
        for (double t : ay.ticks()) {
            int py = py(ay, t);
            g.setColor(new Color(0xe6e6e6));
            g.draw(new Line2D.Double(LEFT, py, WIDTH - RIGHT, py));
            g.setColor(Color.DARK_GRAY);
            String s = fmt(t);
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), py + 4);
        }
    }

    private static void legend(Graphics2D g, int k, String name, Color c) {
        int x = WIDTH - RIGHT + 15, y = TOP + 10 + k * 20;
        g.setColor(c);
        g.fillRect(x, y, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString(name, x + 20, y + 10);
    }

    private static void center(Graphics2D g, String s, int x, int y) {
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.valueOf((long) v);
        return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.2g" : "%.1f", v);
    }

    private static void write(BufferedImage img, Graphics2D g, Path png) throws IOException {
        g.dispose();
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("write " + png + ": no PNG writer in this JDK");
    }
}
