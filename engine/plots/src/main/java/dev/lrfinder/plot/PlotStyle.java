package dev.lrfinder.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.XYStyler;

/** The look every lrfinder chart shares: white backgrounds, a solid light grid, a translucent legend, the fonts. */
final class PlotStyle {
    private PlotStyle() {}

    /**
     * Styles {@code chart} with its title in bold at {@code titlePoints}; every font is one of
     * {@code svgText}'s recording fonts, so that plot.svg writes its text as text.
     */
    static XYStyler apply(XYChart chart, SvgText svgText, int titlePoints) {
        XYStyler style = chart.getStyler();
        style.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        style.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
        // Solid grid lines: XChart's dashed ones become thousands of SVG paths.
        style.setPlotGridLinesStroke(new BasicStroke(0.8f));
        style.setPlotBackgroundColor(Color.WHITE);
        style.setChartBackgroundColor(Color.WHITE);
        style.setChartTitleFont(svgText.font(new Font(Font.SANS_SERIF, Font.BOLD, titlePoints)));
        style.setLegendFont(svgText.font(new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        style.setAxisTitleFont(svgText.font(style.getAxisTitleFont()));
        style.setAxisTickLabelsFont(svgText.font(style.getAxisTickLabelsFont()));
        return style;
    }
}
