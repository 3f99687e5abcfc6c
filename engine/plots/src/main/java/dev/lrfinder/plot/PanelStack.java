package dev.lrfinder.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Charts stacked one above the other on one lr axis, their plot areas lined up to the pixel: each
 * chart is painted once at the full width to measure where its x axis starts and ends (its y axis
 * labels on the left and its legend on the right take what they need), then moved and narrowed so
 * that every plot area spans the same columns. XChart has no shared axis of its own.
 */
final class PanelStack {

    /** A chart and its height in the stack. */
    record Panel(XYChart chart, int heightPx) {}

    /** A chart where it is drawn: its top-left corner, width and height in the whole picture. */
    record Placed(XYChart chart, int x, int y, int width, int height) {}

    /** The columns every plot area spans, left and right edge, in the whole picture. */
    record Columns(double left, double right) {
        double width() {
            return right - left;
        }
    }

    private final List<Placed> placed;
    private final Columns columns;
    private final int width;
    private final int height;

    private PanelStack(List<Placed> placed, Columns columns, int width, int height) {
        this.placed = List.copyOf(placed);
        this.columns = columns;
        this.width = width;
        this.height = height;
    }

    /** One chart filling the whole picture. */
    static PanelStack single(XYChart chart, int widthPx, int heightPx) {
        return new PanelStack(List.of(new Placed(chart, 0, 0, widthPx, heightPx)), new Columns(0, widthPx), widthPx,
                heightPx);
    }

    /**
     * Lays the panels out, top to bottom.
     *
     * @param panels at least one; every chart's x axis spans {@code xMin} to {@code xMax}
     * @param widthPx the picture's width
     */
    static PanelStack of(List<Panel> panels, int widthPx, double xMin, double xMax) {
        int n = panels.size();
        double[] left = new double[n];
        double[] rightMargin = new double[n];
        for (int i = 0; i < n; i++) {
            Panel p = panels.get(i);
            // A chart lays itself out as it paints; measuring needs no pixels, so it paints into one
            // (everything outside is clipped at once): a full-size scratch image cost a whole extra
            // raster paint of the stack per file.
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scratch.createGraphics();
            try {
                p.chart().paint(g, widthPx, p.heightPx());
            } finally {
                g.dispose();
            }
            left[i] = p.chart().getScreenXFromChart(xMin);
            rightMargin[i] = widthPx - p.chart().getScreenXFromChart(xMax);
        }
        double commonLeft = 0;
        double commonRight = widthPx;
        for (int i = 0; i < n; i++) {
            commonLeft = Math.max(commonLeft, left[i]);
            commonRight = Math.min(commonRight, widthPx - rightMargin[i]);
        }
        List<Placed> placed = new ArrayList<>();
        int y = 0;
        for (int i = 0; i < n; i++) {
            int x = (int) Math.round(commonLeft - left[i]);
            int w = (int) Math.round(commonRight + rightMargin[i]) - x;
            placed.add(new Placed(panels.get(i).chart(), x, y, w, panels.get(i).heightPx()));
            y += panels.get(i).heightPx();
        }
        return new PanelStack(placed, new Columns(commonLeft, commonRight), widthPx, y);
    }

    /** The panels where they are drawn, top to bottom. */
    List<Placed> placed() {
        return placed;
    }

    /** The columns of the shared x axis. */
    Columns columns() {
        return columns;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The stack drawn into {@code g}, white behind it. */
    void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (Placed p : placed) {
            Graphics2D panel = (Graphics2D) g.create();
            try {
                panel.translate(p.x(), p.y());
                panel.clipRect(0, 0, p.width(), p.height());
                p.chart().paint(panel, p.width(), p.height());
            } finally {
                panel.dispose();
            }
        }
    }

    /** The stack as an image. */
    BufferedImage image() {
        // Opaque: the stack paints white behind itself, and a PNG without an alpha channel is a
        // quarter less to filter and deflate.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }
}
