package dev.lrfinder.plot;

import de.erichseifert.vectorgraphics2d.intermediate.CommandSequence;
import de.erichseifert.vectorgraphics2d.intermediate.commands.AffineTransformCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawStringCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetBackgroundCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetClipCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetFontCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetHintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetPaintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetTransformCommand;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * VectorGraphics2D's drawing commands written as an SVG document, in one pass into a string.
 *
 * <p>Why not VectorGraphics2D's own {@code SVGProcessor}: it builds a DOM, formats every coordinate
 * with a {@code DecimalFormat} and serialises through {@code javax.xml.transform}; in a fresh JVM
 * (every {@code lrfinder find}) that cold code took 130-170 ms of a plot's SVG, more than painting
 * it. This writes the kinds of command a chart paints (shapes drawn and filled, text, colours,
 * strokes, fonts, transforms, clips, nested graphics), with Java2D's meaning: a clip is fixed in
 * device space when it is set; a stroke and a shape are in the user space of their transform.
 * {@link #writes} says whether a sequence holds only those; {@link SvgText} falls back to the
 * library's processor for any other (an image, a gradient, a composite).
 *
 * <p>Coordinates are written to 0.001 px.
 */
final class SvgDocument {
    /** The commands drawn with a state of their own; anything else is outside what this writes. */
    private static final Class<?>[] WRITTEN = {
        CreateCommand.class, DisposeCommand.class, DrawShapeCommand.class, FillShapeCommand.class,
        DrawStringCommand.class, SetClipCommand.class, SetColorCommand.class, SetFontCommand.class,
        SetHintCommand.class, SetStrokeCommand.class, SetTransformCommand.class, AffineTransformCommand.class,
        SetBackgroundCommand.class,
    };

    /** The graphics state in force: what Java2D's Graphics2D holds. */
    private static final class State {
        AffineTransform transform = new AffineTransform();
        Shape clip; // device space; null: none
        int clipId; // its clipPath's id, 0 for none
        Color color = Color.BLACK;
        BasicStroke stroke = new BasicStroke();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

        State copy() {
            State s = new State();
            s.transform = new AffineTransform(transform);
            s.clip = clip;
            s.clipId = clipId;
            s.color = color;
            s.stroke = stroke;
            s.font = font;
            return s;
        }
    }

    private final StringBuilder svg = new StringBuilder(1 << 16);
    private final Deque<State> saved = new ArrayDeque<>();
    private State state = new State();
    private int clips;
    /** The clip of the open {@code <g>}, 0 when none is open. */
    private int openGroup;

    private SvgDocument() {}

    /** Whether every command is one this writes; else the caller must use the library's processor. */
    static boolean writes(CommandSequence commands) {
        for (Command<?> command : commands) {
            if (!written(command)) {
                return false;
            }
        }
        return true;
    }

    private static boolean written(Command<?> command) {
        if (command instanceof SetPaintCommand paint) {
            return paint.getValue() instanceof Color;
        }
        if (command instanceof SetStrokeCommand stroke) {
            return stroke.getValue() instanceof BasicStroke;
        }
        for (Class<?> kind : WRITTEN) {
            if (kind.isInstance(command)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The document, {@code width} x {@code height} px, as UTF-8; its text defaults to sans-serif at
     * 12 px, so that a viewer without the chart's font still draws text of the right kind and size.
     *
     * @throws IllegalArgumentException when {@link #writes} is false for {@code commands}
     */
    static byte[] of(CommandSequence commands, int width, int height) {
        SvgDocument doc = new SvgDocument();
        doc.svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(width)
                .append("px\" height=\"").append(height).append("px\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" style=\"font-family:sans-serif;font-size:12px;\">\n");
        for (Command<?> command : commands) {
            doc.accept(command);
        }
        doc.group(0);
        doc.svg.append("</svg>\n");
        return doc.svg.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void accept(Command<?> command) {
        switch (command) {
            case CreateCommand c -> {
                saved.push(state);
                state = state.copy();
            }
            case DisposeCommand c -> state = saved.isEmpty() ? new State() : saved.pop();
            case SetColorCommand c -> state.color = c.getValue();
            case SetPaintCommand c -> state.color = (Color) c.getValue();
            case SetStrokeCommand c -> state.stroke = (BasicStroke) c.getValue();
            case SetFontCommand c -> state.font = c.getValue();
            case SetTransformCommand c -> state.transform = new AffineTransform(c.getValue());
            case AffineTransformCommand c -> state.transform.concatenate(c.getValue());
            case SetClipCommand c -> setClip(c.getValue());
            case DrawShapeCommand c -> shape(c.getValue(), false);
            case FillShapeCommand c -> shape(c.getValue(), true);
            case DrawStringCommand c -> text(c.getValue(), c.getX(), c.getY());
            case SetHintCommand c -> {
                // rendering hints ask a rasteriser for quality; an SVG viewer chooses its own
            }
            case SetBackgroundCommand c -> {
                // the background is only what clearRect paints, which charts do not call
            }
            default -> throw new IllegalArgumentException("a " + command.getClass().getSimpleName()
                    + " is not written here (check SvgDocument.writes first)");
        }
    }

    private void setClip(Shape userClip) {
        if (userClip == null) {
            state.clip = null;
            state.clipId = 0;
            return;
        }
        AffineTransform t = state.transform;
        Shape device;
        if (t.isIdentity()) {
            device = userClip;
        } else if (t.getType() == AffineTransform.TYPE_TRANSLATION && userClip instanceof Rectangle2D r) {
            device = new Rectangle2D.Double(r.getX() + t.getTranslateX(), r.getY() + t.getTranslateY(), r.getWidth(),
                    r.getHeight());
        } else {
            device = t.createTransformedShape(userClip);
        }
        if (state.clipId != 0 && sameRectangle(device, state.clip)) {
            return; // XChart sets the clip it already has around every series
        }
        state.clip = device;
        state.clipId = ++clips;
        group(0);
        svg.append("<clipPath id=\"c").append(state.clipId).append("\">");
        element(device, null, "");
        svg.append("</clipPath>\n");
    }

    private static boolean sameRectangle(Shape a, Shape b) {
        return a instanceof Rectangle2D ra && b instanceof Rectangle2D rb && ra.equals(rb);
    }

    /** Opens the {@code <g>} of {@code clipId} unless it is the open one (0: none), closing the one before. */
    private void group(int clipId) {
        if (clipId == openGroup) {
            return;
        }
        if (openGroup != 0) {
            svg.append("</g>\n");
        }
        openGroup = clipId;
        if (clipId != 0) {
            svg.append("<g clip-path=\"url(#c").append(clipId).append(")\">\n");
        }
    }

    private void shape(Shape shape, boolean fill) {
        group(state.clipId);
        StringBuilder style = new StringBuilder(96);
        Color c = state.color;
        if (fill) {
            style.append("fill:");
            rgb(style, c);
            if (c.getAlpha() < 255) {
                style.append("fill-opacity:");
                number(style, c.getAlpha() / 255.0);
                style.append(';');
            }
            style.append("stroke:none;");
            if (windingRule(shape) == PathIterator.WIND_EVEN_ODD) {
                style.append("fill-rule:evenodd;");
            }
        } else {
            style.append("fill:none;stroke:");
            rgb(style, c);
            if (c.getAlpha() < 255) {
                style.append("stroke-opacity:");
                number(style, c.getAlpha() / 255.0);
                style.append(';');
            }
            stroke(style, state.stroke);
        }
        element(shape, state.transform, style.toString());
        svg.append('\n');
    }

    private static int windingRule(Shape shape) {
        return shape instanceof Line2D || shape instanceof Rectangle2D || shape instanceof Ellipse2D
                ? PathIterator.WIND_NON_ZERO
                : shape.getPathIterator(null).getWindingRule();
    }

    private static void stroke(StringBuilder style, BasicStroke s) {
        if (s.getLineWidth() != 1f) {
            style.append("stroke-width:");
            number(style, s.getLineWidth());
            style.append(';');
        }
        switch (s.getEndCap()) {
            case BasicStroke.CAP_ROUND -> style.append("stroke-linecap:round;");
            case BasicStroke.CAP_SQUARE -> style.append("stroke-linecap:square;");
            default -> { } // butt, SVG's default
        }
        switch (s.getLineJoin()) {
            case BasicStroke.JOIN_ROUND -> style.append("stroke-linejoin:round;");
            case BasicStroke.JOIN_BEVEL -> style.append("stroke-linejoin:bevel;");
            default -> {
                style.append("stroke-miterlimit:");
                number(style, s.getMiterLimit());
                style.append(';');
            }
        }
        float[] dash = s.getDashArray();
        if (dash != null && dash.length > 0) {
            style.append("stroke-dasharray:");
            for (int i = 0; i < dash.length; i++) {
                if (i > 0) {
                    style.append(',');
                }
                number(style, dash[i]);
            }
            style.append(';');
            if (s.getDashPhase() != 0) {
                style.append("stroke-dashoffset:");
                number(style, s.getDashPhase());
                style.append(';');
            }
        }
    }

    /** One element for {@code shape}: a line, rectangle or ellipse as itself, anything else as a path. */
    private void element(Shape shape, AffineTransform transform, String style) {
        switch (shape) {
            case Line2D l -> {
                svg.append("<line");
                attribute("x1", l.getX1());
                attribute("y1", l.getY1());
                attribute("x2", l.getX2());
                attribute("y2", l.getY2());
            }
            case Rectangle2D r -> {
                svg.append("<rect");
                attribute("x", r.getX());
                attribute("y", r.getY());
                attribute("width", r.getWidth());
                attribute("height", r.getHeight());
            }
            case Ellipse2D e -> {
                svg.append("<ellipse");
                attribute("cx", e.getCenterX());
                attribute("cy", e.getCenterY());
                attribute("rx", e.getWidth() / 2);
                attribute("ry", e.getHeight() / 2);
            }
            default -> {
                svg.append("<path d=\"");
                pathData(shape);
                svg.append('"');
            }
        }
        transform(transform);
        if (!style.isEmpty()) {
            svg.append(" style=\"").append(style).append('"');
        }
        svg.append("/>");
    }

    private void attribute(String name, double value) {
        svg.append(' ').append(name).append("=\"");
        number(svg, value);
        svg.append('"');
    }

    private void pathData(Shape shape) {
        double[] p = new double[6];
        boolean first = true;
        for (PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(p);
            if (!first) {
                svg.append(' ');
            }
            first = false;
            int points = switch (type) {
                case PathIterator.SEG_MOVETO -> {
                    svg.append('M');
                    yield 1;
                }
                case PathIterator.SEG_LINETO -> {
                    svg.append('L');
                    yield 1;
                }
                case PathIterator.SEG_QUADTO -> {
                    svg.append('Q');
                    yield 2;
                }
                case PathIterator.SEG_CUBICTO -> {
                    svg.append('C');
                    yield 3;
                }
                default -> {
                    svg.append('Z');
                    yield 0;
                }
            };
            for (int i = 0; i < 2 * points; i += 2) {
                if (i > 0) {
                    svg.append(' ');
                }
                number(svg, p[i]);
                svg.append(',');
                number(svg, p[i + 1]);
            }
        }
    }

    private void transform(AffineTransform t) {
        if (t == null || t.isIdentity()) {
            return;
        }
        if (t.getType() == AffineTransform.TYPE_TRANSLATION) {
            svg.append(" transform=\"translate(");
            number(svg, t.getTranslateX());
            svg.append(' ');
            number(svg, t.getTranslateY());
            svg.append(")\"");
            return;
        }
        double[] m = new double[6];
        t.getMatrix(m);
        svg.append(" transform=\"matrix(");
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                svg.append(' ');
            }
            // the rotation and scale to 1e-6: a rotated title's 0 must come out as 0, not as 6.1e-17
            if (i < 4) {
                number(svg, Math.rint(m[i] * 1e6) / 1e6, 6);
            } else {
                number(svg, m[i]);
            }
        }
        svg.append(")\"");
    }

    private void text(String text, double x, double y) {
        group(state.clipId);
        Font f = state.font;
        svg.append("<text");
        attribute("x", x);
        attribute("y", y);
        transform(state.transform);
        svg.append(" style=\"fill:");
        rgb(svg, state.color);
        if (state.color.getAlpha() < 255) {
            svg.append("fill-opacity:");
            number(svg, state.color.getAlpha() / 255.0);
            svg.append(';');
        }
        svg.append("stroke:none;font-family:&quot;");
        escape(svg, f.getFamily());
        svg.append("&quot;, sans-serif;font-size:");
        number(svg, f.getSize2D());
        svg.append("px;");
        if (f.isBold()) {
            svg.append("font-weight:bold;");
        }
        if (f.isItalic()) {
            svg.append("font-style:italic;");
        }
        svg.append("\">");
        escape(svg, text);
        svg.append("</text>\n");
    }

    private static void rgb(StringBuilder out, Color c) {
        out.append("rgb(").append(c.getRed()).append(',').append(c.getGreen()).append(',').append(c.getBlue())
                .append(");");
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
                        out.append(' '); // not allowed in XML 1.0 at all
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
    }

    static void number(StringBuilder out, double v) {
        number(out, v, 3);
    }

    /** {@code v} to {@code decimals} places, without trailing zeros, a lone "-0" or an exponent. */
    static void number(StringBuilder out, double v, int decimals) {
        if (!Double.isFinite(v)) {
            out.append('0'); // a coordinate at infinity is off the page in any direction
            return;
        }
        long scale = decimals == 3 ? 1000 : (long) Math.pow(10, decimals);
        long scaled = Math.round(Math.abs(v) * scale);
        if (scaled == 0) {
            out.append('0');
            return;
        }
        if (v < 0) {
            out.append('-');
        }
        out.append(scaled / scale);
        long fraction = scaled % scale;
        if (fraction != 0) {
            out.append('.');
            int digits = decimals;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            String f = Long.toString(fraction);
            for (int i = f.length(); i < digits; i++) {
                out.append('0');
            }
            out.append(f);
        }
    }
}
