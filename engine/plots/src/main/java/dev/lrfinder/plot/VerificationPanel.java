package dev.lrfinder.plot;

import dev.lrfinder.analysis.SearchTrail;
import dev.lrfinder.analysis.Verification;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The panel for the verification: each fit's validation loss against its rate (a search's shorter
 * fits in a lighter line, its final ones in the darker), on the curves' lr axis, diverged fits as crosses on the panel's top, the verified rate as a
 * dashed line and the good range (within 10% of the best) as a band.
 */
final class VerificationPanel {
    /** The panel's height in pixels. */
    static final int HEIGHT_PX = 240;
    private static final Color FITS = new Color(0x1f, 0x77, 0xb4);
    private static final Color GOOD = new Color(0x2c, 0xa0, 0x2c, 50);
    private static final Color SHORT_FITS = new Color(0x9e, 0xc5, 0xe0);

    private VerificationPanel() {
    }

    static XYChart of(Verification v, double xMin, double xMax, java.util.function.Consumer<XYChart> style) {
        XYChart chart = new XYChart(CurvePlot.WIDTH_PX, HEIGHT_PX);
        style.accept(chart);
        chart.setTitle("");
        chart.setXAxisTitle("learning rate (log scale)");
        chart.setYAxisTitle("verify: val loss");
        var styler = chart.getStyler();
        styler.setChartTitleVisible(false);
        styler.setXAxisMin(xMin);
        styler.setXAxisMax(xMax);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> diverged = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.candidates().length; i++) {
            double loss = v.validationLosses()[i];
            if (Double.isFinite(loss)) {
                xs.add(v.candidates()[i]);
                ys.add(loss);
                lo = Math.min(lo, loss);
                hi = Math.max(hi, loss);
            } else {
                diverged.add(v.candidates()[i]);
            }
        }
        // A search's shorter fits too: what led to the final ones, on the same axes.
        TreeMap<Double, Double> shorter = new TreeMap<>();
        int shortSteps = 0;
        for (SearchTrail.Fit f : v.trail().map(SearchTrail::fits).orElse(List.of())) {
            if (f.steps() == v.steps()) {
                continue;
            }
            shortSteps = f.steps();
            if (Double.isFinite(f.validationLoss())) {
                shorter.put(f.lr(), f.validationLoss());
                lo = Math.min(lo, f.validationLoss());
                hi = Math.max(hi, f.validationLoss());
            } else {
                diverged.add(f.lr());
            }
        }
        if (xs.isEmpty()) {
            lo = 0;
            hi = 1;
        }
        // Losses of fits an order of magnitude apart read on a log axis, as the rates do.
        boolean log = lo > 0 && hi / lo > 10;
        styler.setYAxisLogarithmic(log);
        double pad = log ? hi * 0.5 : Math.max(hi - lo, Math.abs(hi) * 0.05 + 1e-12) * 0.1;
        styler.setYAxisMin(log ? lo / 1.5 : lo - pad);
        styler.setYAxisMax(hi + pad);
        if (v.isPresent()) {
            XYSeries band = chart.addSeries("within 10% of the best", new double[] {v.goodFrom(), v.goodTo()},
                    new double[] {hi + pad, hi + pad}); // an area fills down to the axis: a band over the range
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
            band.setFillColor(GOOD);
            band.setLineColor(GOOD);
            band.setMarker(SeriesMarkers.NONE);
        }
        if (!shorter.isEmpty()) {
            XYSeries early = chart.addSeries(shortSteps + "-step fits", new ArrayList<>(shorter.keySet()),
                    new ArrayList<>(shorter.values()));
            early.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            early.setMarker(SeriesMarkers.CIRCLE);
            early.setLineColor(SHORT_FITS);
            early.setMarkerColor(SHORT_FITS);
        }
        if (!xs.isEmpty()) {
            XYSeries fits = chart.addSeries(v.trail().isPresent() ? v.steps() + "-step fits" : "candidates' validation loss",
                    xs, ys);
            fits.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            fits.setMarker(SeriesMarkers.CIRCLE);
            fits.setLineColor(FITS);
            fits.setMarkerColor(FITS);
        }
        if (!diverged.isEmpty()) {
            double crossAt = hi + pad * 0.5;
            List<Double> top = diverged.stream().map(d -> crossAt).toList();
            XYSeries crosses = chart.addSeries("diverged", diverged, top);
            crosses.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            crosses.setMarker(SeriesMarkers.CROSS);
            crosses.setMarkerColor(CurvePlot.RECOMMENDED);
        }
        if (v.isPresent()) {
            chart.addAnnotation(new AnnotationLine(v.verifiedLr(), true, false));
            styler.setAnnotationLineColor(FITS.darker());
            styler.setAnnotationLineStroke(CurvePlot.RECOMMENDED_STROKE);
        }
        return chart;
    }
}
