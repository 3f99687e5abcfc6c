package dev.lrfinder.plot;

import java.util.Arrays;

/**
 * A curve's points as a plot can draw them: finite, clipped to a band around the plotted y range,
 * and no more of them than the pixel columns can show.
 *
 * <p>Clipping: XChart hands the chart's coordinates to Java2D as they are, and a value of 1e33 (a
 * loss that blew up) is a segment some 1e31 pixels long, which the stroker walks dash by dash for
 * ever. Values beyond {@link #CLIP_SPANS} times the plotted range past either edge are set to that
 * bound: the plot shows the same (the line leaves the picture), and the part of a segment that is
 * on it moves by at most 1/{@code CLIP_SPANS} of the segment's width.
 *
 * <p>Decimation: of each run of points falling into one pixel column, the first, the lowest, the
 * highest and the last are kept, in their order (the "M4" reduction), so the drawn line has the
 * same pixels as the full one. A 1,000,000-point curve becomes at most 4 points per column.
 */
final class PlotLine {

    /** How far past the plotted y range, in plotted ranges, a value is kept as it is. */
    static final double CLIP_SPANS = 100;

    private PlotLine() {
    }

    /**
     * The drawable points of {@code (xs, ys)}.
     *
     * @param xs increasing x values, positive (the x axis is logarithmic)
     * @param ys one y per x; non-finite points are left out
     * @param xMin the left edge of the x axis
     * @param xMax the right edge
     * @param y the plotted y range {low, high}
     * @param columns the pixel columns across the x axis
     * @return {xs, ys}
     */
    static double[][] of(double[] xs, double[] ys, double xMin, double xMax, double[] y, int columns) {
        int n = Math.min(xs.length, ys.length);
        double span = y[1] - y[0];
        double low = y[0] - CLIP_SPANS * span;
        double high = y[1] + CLIP_SPANS * span;
        double logMin = Math.log10(xMin);
        double scale = columns / Math.max(Math.log10(xMax) - logMin, Double.MIN_NORMAL);
        // At most columns + 1 columns (x = xMax falls on the edge), each giving at most 4 points.
        boolean decimate = n > 4 * (columns + 1);
        double[] outX = new double[decimate ? 4 * (columns + 1) : n];
        double[] outY = new double[outX.length];
        int kept = 0;
        int column = Integer.MIN_VALUE;
        int first = -1;
        int last = -1;
        int lowest = -1;
        int highest = -1;
        double[] clipped = new double[n];
        for (int i = 0; i < n; i++) {
            double v = ys[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            clipped[i] = Math.max(low, Math.min(high, v));
            if (!decimate) {
                outX[kept] = xs[i];
                outY[kept++] = clipped[i];
                continue;
            }
            int c = (int) Math.clamp(Math.floor((Math.log10(xs[i]) - logMin) * scale), 0, columns);
            if (c != column) {
                kept = flush(xs, clipped, first, lowest, highest, last, outX, outY, kept);
                column = c;
                first = lowest = highest = i;
            }
            last = i;
            if (clipped[i] < clipped[lowest]) {
                lowest = i;
            }
            if (clipped[i] > clipped[highest]) {
                highest = i;
            }
        }
        if (decimate) {
            kept = flush(xs, clipped, first, lowest, highest, last, outX, outY, kept);
        }
        return new double[][] {Arrays.copyOf(outX, kept), Arrays.copyOf(outY, kept)};
    }

    /** Writes one column's first, lowest, highest and last point, in index order, each once. */
    private static int flush(double[] xs, double[] ys, int first, int lowest, int highest, int last, double[] outX,
            double[] outY, int kept) {
        if (first < 0) {
            return kept;
        }
        int[] order = {first, Math.min(lowest, highest), Math.max(lowest, highest), last};
        int previous = -1;
        for (int index : order) {
            if (index != previous) {
                outX[kept] = xs[index];
                outY[kept++] = ys[index];
                previous = index;
            }
        }
        return kept;
    }
}
