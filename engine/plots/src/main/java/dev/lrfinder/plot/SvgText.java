package dev.lrfinder.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.intermediate.CommandSequence;
import de.erichseifert.vectorgraphics2d.intermediate.MutableCommandSequence;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetPaintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.font.TextLayout;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * SVG of an XChart chart with its text written as SVG text instead of glyph outlines.
 *
 * <p>XChart draws every string as the outline of its glyphs ({@code TextLayout.getOutline}, then
 * {@code fill}), which VectorGraphics2D writes as paths: three quarters of a plot's SVG, 240 KB of a
 * 300 KB file. The outline carries no text, so the text is recovered from where it was laid out: the
 * chart's fonts are {@link #font(Font) recording fonts}, which note each string a {@code TextLayout}
 * measures with them (the JDK's {@code TextLayout} asks its font for the line metrics of the whole
 * string first). When a filled shape is exactly the outline one of those strings has in that font,
 * it is written as {@code <text>} at the same baseline; any other shape, and a string drawn with a
 * transformed outline (XChart's rotated y axis title), stays a path. Nothing is guessed: a shape
 * becomes text only when its outline is identical, point for point. {@link SvgDocument} writes the
 * commands out.
 */
final class SvgText {

    /** The strings laid out with the recording fonts while a chart is painted into SVG. */
    private final Set<Laid> laidOut = new LinkedHashSet<>();
    private boolean recording;

    /**
     * A string and the plain font it was laid out in. equals and hashCode are written out: a
     * record's own are bootstrapped through invokedynamic on first use, which spun 11 method-handle
     * classes on every run (the ahead-of-time cache does not keep them).
     */
    private record Laid(String text, Font font) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Laid l && Objects.equals(text, l.text) && Objects.equals(font, l.font);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(text) + Objects.hashCode(font);
        }
    }

    /** The segment types and coordinates of a path: equal for equal outlines. */
    private record Outline(int[] types, double[] coords) {
        static Outline of(Shape shape) {
            List<Integer> types = new ArrayList<>();
            double[] coords = new double[64];
            int used = 0;
            double[] segment = new double[6];
            for (PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
                int type = it.currentSegment(segment);
                types.add(type);
                int n = switch (type) {
                    case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
                    case PathIterator.SEG_QUADTO -> 4;
                    case PathIterator.SEG_CUBICTO -> 6;
                    default -> 0;
                };
                if (used + n > coords.length) {
                    coords = Arrays.copyOf(coords, coords.length * 2);
                }
                System.arraycopy(segment, 0, coords, used, n);
                used += n;
            }
            return new Outline(types.stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOf(coords, used));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Outline o && Arrays.equals(types, o.types) && Arrays.equals(coords, o.coords);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(types) + Arrays.hashCode(coords);
        }
    }

    /** {@code base} as a font that notes the strings laid out with it while this writes SVG. */
    Font font(Font base) {
        return new RecordingFont(base, this);
    }

    /** Paints {@code stack} into SVG on {@code out}. */
    void write(PanelStack stack, OutputStream out) throws IOException {
        TextGraphics g = new TextGraphics();
        recording = true;
        try {
            stack.paint(g);
        } finally {
            recording = false;
            laidOut.clear();
        }
        CommandSequence commands = joinedLines(g.getCommands());
        if (SvgDocument.writes(commands)) {
            out.write(SvgDocument.of(commands, stack.width(), stack.height()));
            return;
        }
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        new SVGProcessor().getDocument(commands, new PageSize(0, 0, stack.width(), stack.height())).writeTo(svg);
        out.write(withFontDefaults(svg.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The commands with each run of line segments drawn one after the other, each starting where the
     * last ended, joined into one path: XChart draws a series segment by segment, and each segment
     * would be an SVG {@code <line>} of its own with the whole style repeated, about 215 bytes a point.
     * Between two segments XChart sets a colour and back, and the same stroke again; state changes
     * whose net effect is no change are dropped, anything else ends the run, so the path looks as the
     * segments did.
     */
    static CommandSequence joinedLines(CommandSequence commands) {
        LineJoiner joiner = new LineJoiner();
        for (Command<?> command : commands) {
            joiner.accept(command);
        }
        return joiner.finish();
    }

    /** The state of {@link #joinedLines}: the commands so far, the run of segments, what is in force. */
    private static final class LineJoiner {
        private final MutableCommandSequence joined = new MutableCommandSequence();
        /** The colour, paint and stroke in force after the commands written so far. */
        private final Map<Class<?>, Object> state = new HashMap<>();
        /** State changes since the run's last segment, held back until it is known whether they matter. */
        private final List<Command<?>> held = new ArrayList<>();
        private final Map<Class<?>, Object> heldState = new HashMap<>();
        private Line2D first;
        private Path2D.Double path;
        private double lastX;
        private double lastY;

        void accept(Command<?> command) {
            if (command instanceof DrawShapeCommand draw && draw.getValue() instanceof Line2D line) {
                if (first != null && line.getX1() == lastX && line.getY1() == lastY && heldState.equals(state)) {
                    held.clear();
                    if (path == null) {
                        path = new Path2D.Double();
                        path.moveTo(first.getX1(), first.getY1());
                        path.lineTo(first.getX2(), first.getY2());
                    }
                    path.lineTo(line.getX2(), line.getY2());
                } else {
                    endRun();
                    first = line;
                    heldState.putAll(state);
                }
                lastX = line.getX2();
                lastY = line.getY2();
                return;
            }
            if (isStateChange(command) && first != null) {
                held.add(command);
                heldState.put(command.getClass(), command.getValue());
                return;
            }
            endRun();
            write(command);
        }

        CommandSequence finish() {
            endRun();
            return joined;
        }

        private static boolean isStateChange(Command<?> command) {
            return command instanceof SetStrokeCommand || command instanceof SetColorCommand
                    || command instanceof SetPaintCommand;
        }

        private void endRun() {
            if (path != null) {
                joined.add(new DrawShapeCommand(path));
            } else if (first != null) {
                joined.add(new DrawShapeCommand(first));
            }
            first = null;
            path = null;
            heldState.clear();
            List<Command<?>> pending = List.copyOf(held);
            held.clear();
            pending.forEach(this::write);
        }

        private void write(Command<?> command) {
            if (isStateChange(command)) {
                state.put(command.getClass(), command.getValue());
            } else if (command instanceof CreateCommand || command instanceof DisposeCommand) {
                state.clear(); // within a created or disposed state, what is in force is not what was last set
            }
            joined.add(command);
        }
    }

    /**
     * VectorGraphics2D leaves out the font size of text in its default font's size (12) and names
     * only the font's own family: the document gets that size as its default, and every family a
     * generic fallback, so that a viewer without DejaVu still draws sans-serif text of the right size.
     */
    static String withFontDefaults(String svg) {
        return svg.replaceFirst("<svg ", "<svg style=\"font-family:sans-serif;font-size:12px;\" ")
                .replaceAll("font-family:(&quot;[^;]*?&quot;);", "font-family:$1, sans-serif;");
    }

    private void laidOut(String text, Font font) {
        if (recording && !text.isBlank()) {
            laidOut.add(new Laid(text, font));
        }
    }

    /** Fills as VectorGraphics2D does, but writes an outline of a laid-out string as that string. */
    private final class TextGraphics extends VectorGraphics2D {
        private final Map<Outline, Laid> outlines = new HashMap<>();
        private final Set<Laid> indexed = new LinkedHashSet<>();

        @Override
        public void fill(Shape shape) {
            Laid text = recognise(shape);
            if (text == null) {
                super.fill(shape);
                return;
            }
            Font font = getFont();
            setFont(text.font());
            drawString(text.text(), 0f, 0f);
            setFont(font);
        }

        private Laid recognise(Shape shape) {
            FontRenderContext frc = getFontRenderContext();
            for (Laid laid : laidOut) {
                if (indexed.add(laid)) {
                    outlines.putIfAbsent(Outline.of(new TextLayout(laid.text(), laid.font(), frc).getOutline(null)), laid);
                }
            }
            return outlines.get(Outline.of(shape));
        }
    }

    /**
     * A font that tells its {@link SvgText} which strings are laid out with it; otherwise the font it
     * copies (equal to it, and drawn the same).
     */
    private static final class RecordingFont extends Font {
        private final transient SvgText owner;
        private final Font plain;

        RecordingFont(Font base, SvgText owner) {
            super(base);
            this.owner = owner;
            this.plain = base;
        }

        @Override
        public LineMetrics getLineMetrics(char[] chars, int beginIndex, int limit, FontRenderContext frc) {
            owner.laidOut(new String(chars, beginIndex, limit - beginIndex), plain);
            return super.getLineMetrics(chars, beginIndex, limit, frc);
        }
    }
}
