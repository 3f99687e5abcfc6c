package dev.lrfinder.nativebackend;

import dev.lrfinder.task.Layer;
import java.util.List;
import java.util.Locale;

/** Layers as the text program {@code lrf_model_layers} reads (its grammar heads the shim's layers.cpp). */
final class LayerProgram {
    private LayerProgram() {}

    static String text(List<Layer> layers) {
        StringBuilder out = new StringBuilder();
        append(out, layers);
        return out.toString().strip();
    }

    private static void append(StringBuilder out, List<Layer> layers) {
        for (Layer layer : layers) {
            switch (layer) {
                case Layer.Conv c -> out.append(String.format(Locale.ROOT, "conv %d %d %d %d %d %d %d ", c.in(), c.out(),
                        c.kernel(), c.stride(), c.padding(), c.groups(), c.bias() ? 1 : 0));
                case Layer.BatchNorm b -> out.append("bn ").append(b.features()).append(' ');
                case Layer.Act a -> out.append("act ").append(a.activation().id()).append(' ');
                case Layer.Relu6 r -> out.append("act relu6 ");
                case Layer.MaxPool m -> out.append(String.format(Locale.ROOT, "maxpool %d %d %d ", m.kernel(), m.stride(),
                        m.padding()));
                case Layer.GlobalAvgPool g -> out.append("gap ");
                case Layer.Flatten f -> out.append("flatten ");
                case Layer.Linear l -> out.append("linear ").append(l.in()).append(' ').append(l.out()).append(' ');
                // Shortest text that reads back as the same double.
                case Layer.Dropout d -> out.append("dropout ").append(Double.toString(d.p())).append(' ');
                case Layer.Residual r -> {
                    out.append("res ( ");
                    append(out, r.body());
                    out.append(") ( ");
                    append(out, r.shortcut());
                    out.append(") ");
                }
            }
        }
    }
}
