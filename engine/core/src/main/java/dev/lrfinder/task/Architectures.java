package dev.lrfinder.task;

import dev.lrfinder.base.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of every built-in network, laid out once for every backend ({@link ModelSpec} says
 * what each kind is). Sizes are tracked from the sample's shape, so each layer names its own
 * input and output sizes.
 */
public final class Architectures {
    /**
     * The largest image side that gets the small-image stem (a 3x3 stride-1 convolution, no max
     * pool): ImageNet's stem would shrink a 32 px image to 8 px before the first block. Change it
     * only with the javadoc of {@link ModelSpec}.
     */
    public static final int SMALL_IMAGE_MAX_SIDE = 64;

    private static final int[] VGG11 = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0}; // 0: max pool
    private static final int VGG_CLASSIFIER_WIDTH = 512;
    private static final double VGG_DROPOUT = 0.5;
    // MobileNetV2's inverted-residual stages: expansion t, channels c, repeats n, first stride s.
    private static final int[][] MOBILENET_V2 = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };
    private static final int MOBILENET_STEM = 32;
    private static final int MOBILENET_LAST = 1280;
    private static final double MOBILENET_DROPOUT = 0.2;

    private Architectures() {}

    /** The layers of {@code spec} for samples of {@code sampleShape} and {@code outputs} outputs. */
    public static List<Layer> layers(ModelSpec spec, long[] sampleShape, int outputs) {
        Checks.inRange("outputs", outputs, 1, 1 << 20);
        Shapes s = new Shapes(sampleShape);
        return switch (spec.kind()) {
            case MLP -> mlp(spec, s, outputs);
            case CNN -> cnn(spec, s, outputs);
            case RESNET18 -> resnet(s, outputs, new int[] {2, 2, 2, 2}, false);
            case RESNET50 -> resnet(s, outputs, new int[] {3, 4, 6, 3}, true);
            case VGG -> vgg(s, outputs);
            case MOBILENET -> mobilenet(s, outputs);
        };
    }

    /** Whether images of {@code sampleShape} get the small-image stem. */
    public static boolean smallImageStem(long[] sampleShape) {
        return Math.max(sampleShape[1], sampleShape[2]) <= SMALL_IMAGE_MAX_SIDE;
    }

    private static List<Layer> mlp(ModelSpec spec, Shapes s, int outputs) {
        List<Layer> out = new ArrayList<>();
        out.add(new Layer.Flatten());
        int in = s.features();
        for (int width : spec.widths()) {
            out.add(new Layer.Linear(in, width));
            if (spec.batchNorm()) {
                out.add(new Layer.BatchNorm(width));
            }
            out.add(new Layer.Act(spec.activation()));
            if (spec.dropout() > 0) {
                out.add(new Layer.Dropout(spec.dropout()));
            }
            in = width;
        }
        out.add(new Layer.Linear(in, outputs));
        return out;
    }

    private static List<Layer> cnn(ModelSpec spec, Shapes s, int outputs) {
        List<Layer> out = new ArrayList<>();
        for (int filters : spec.widths()) {
            out.add(s.conv(filters, 3, 1, 1, 1, true));
            if (spec.batchNorm()) {
                out.add(new Layer.BatchNorm(filters));
            }
            out.add(new Layer.Act(spec.activation()));
            out.add(s.maxPool(2, 2, 0));
        }
        out.add(new Layer.Flatten());
        if (spec.dropout() > 0) {
            out.add(new Layer.Dropout(spec.dropout()));
        }
        out.add(new Layer.Linear(s.features(), outputs));
        return out;
    }

    private static List<Layer> resnet(Shapes s, int outputs, int[] blocks, boolean bottleneck) {
        List<Layer> out = new ArrayList<>();
        if (s.smallImage()) {
            out.add(s.conv(64, 3, 1, 1, 1, false));
            out.add(new Layer.BatchNorm(64));
            out.add(new Layer.Act(Activation.RELU));
        } else {
            out.add(s.conv(64, 7, 2, 3, 1, false));
            out.add(new Layer.BatchNorm(64));
            out.add(new Layer.Act(Activation.RELU));
            out.add(s.maxPool(3, 2, 1));
        }
        int expansion = bottleneck ? 4 : 1;
        for (int stage = 0; stage < blocks.length; stage++) {
            int planes = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int in = s.channels;
                Shapes entry = s.copy();
                List<Layer> body = new ArrayList<>();
                if (bottleneck) {
                    // torchvision's v1.5 Bottleneck: the stride on the 3x3 convolution.
                    body.add(s.conv(planes, 1, 1, 0, 1, false));
                    body.add(new Layer.BatchNorm(planes));
                    body.add(new Layer.Act(Activation.RELU));
                    body.add(s.conv(planes, 3, stride, 1, 1, false));
                    body.add(new Layer.BatchNorm(planes));
                    body.add(new Layer.Act(Activation.RELU));
                    body.add(s.conv(planes * expansion, 1, 1, 0, 1, false));
                    body.add(new Layer.BatchNorm(planes * expansion));
                } else {
                    body.add(s.conv(planes, 3, stride, 1, 1, false));
                    body.add(new Layer.BatchNorm(planes));
                    body.add(new Layer.Act(Activation.RELU));
                    body.add(s.conv(planes, 3, 1, 1, 1, false));
                    body.add(new Layer.BatchNorm(planes));
                }
                List<Layer> shortcut = new ArrayList<>();
                if (stride != 1 || in != planes * expansion) {
                    shortcut.add(entry.conv(planes * expansion, 1, stride, 0, 1, false));
                    shortcut.add(new Layer.BatchNorm(planes * expansion));
                }
                out.add(new Layer.Residual(body, shortcut));
                out.add(new Layer.Act(Activation.RELU));
            }
        }
        out.add(new Layer.GlobalAvgPool());
        out.add(new Layer.Linear(s.channels, outputs));
        return out;
    }

    private static List<Layer> vgg(Shapes s, int outputs) {
        List<Layer> out = new ArrayList<>();
        for (int filters : VGG11) {
            if (filters == 0) {
                // Pools stop at 1 px, so that small images still reach the classifier.
                if (Math.min(s.height, s.width) >= 2) {
                    out.add(s.maxPool(2, 2, 0));
                }
            } else {
                out.add(s.conv(filters, 3, 1, 1, 1, true));
                out.add(new Layer.BatchNorm(filters));
                out.add(new Layer.Act(Activation.RELU));
            }
        }
        out.add(new Layer.GlobalAvgPool());
        int in = s.channels;
        for (int i = 0; i < 2; i++) {
            out.add(new Layer.Linear(in, VGG_CLASSIFIER_WIDTH));
            out.add(new Layer.Act(Activation.RELU));
            out.add(new Layer.Dropout(VGG_DROPOUT));
            in = VGG_CLASSIFIER_WIDTH;
        }
        out.add(new Layer.Linear(in, outputs));
        return out;
    }

    private static List<Layer> mobilenet(Shapes s, int outputs) {
        List<Layer> out = new ArrayList<>();
        out.add(s.conv(MOBILENET_STEM, 3, s.smallImage() ? 1 : 2, 1, 1, false));
        out.add(new Layer.BatchNorm(MOBILENET_STEM));
        out.add(new Layer.Relu6());
        for (int[] stage : MOBILENET_V2) {
            int t = stage[0];
            int c = stage[1];
            for (int i = 0; i < stage[2]; i++) {
                int stride = i == 0 ? stage[3] : 1;
                int in = s.channels;
                int hidden = in * t;
                List<Layer> body = new ArrayList<>();
                if (t != 1) {
                    body.add(s.conv(hidden, 1, 1, 0, 1, false));
                    body.add(new Layer.BatchNorm(hidden));
                    body.add(new Layer.Relu6());
                }
                body.add(s.conv(hidden, 3, stride, 1, hidden, false));
                body.add(new Layer.BatchNorm(hidden));
                body.add(new Layer.Relu6());
                body.add(s.conv(c, 1, 1, 0, 1, false));
                body.add(new Layer.BatchNorm(c));
                if (stride == 1 && in == c) {
                    out.add(new Layer.Residual(body, List.of()));
                } else {
                    out.addAll(body);
                }
            }
        }
        out.add(s.conv(MOBILENET_LAST, 1, 1, 0, 1, false));
        out.add(new Layer.BatchNorm(MOBILENET_LAST));
        out.add(new Layer.Relu6());
        out.add(new Layer.GlobalAvgPool());
        out.add(new Layer.Dropout(MOBILENET_DROPOUT));
        out.add(new Layer.Linear(MOBILENET_LAST, outputs));
        return out;
    }

    /** The running shape: channels x height x width of an image, or features of a flat sample. */
    private static final class Shapes {
        private final long[] sample;
        int channels;
        long height;
        long width;

        Shapes(long[] sample) {
            this.sample = sample.clone();
            if (sample.length == 3) {
                channels = Math.toIntExact(sample[0]);
                height = sample[1];
                width = sample[2];
            }
        }

        Shapes copy() {
            Shapes c = new Shapes(sample);
            c.channels = channels;
            c.height = height;
            c.width = width;
            return c;
        }

        boolean smallImage() {
            return smallImageStem(sample);
        }

        int features() {
            long n = 1;
            if (sample.length == 3) {
                n = (long) channels * height * width;
            } else {
                for (long d : sample) {
                    n *= d;
                }
            }
            return Math.toIntExact(n);
        }

        Layer.Conv conv(int out, int kernel, int stride, int padding, int groups, boolean bias) {
            Layer.Conv conv = new Layer.Conv(channels, out, kernel, stride, padding, groups, bias);
            channels = out;
            height = (height + 2L * padding - kernel) / stride + 1;
            width = (width + 2L * padding - kernel) / stride + 1;
            return conv;
        }

        Layer.MaxPool maxPool(int kernel, int stride, int padding) {
            height = (height + 2L * padding - kernel) / stride + 1;
            width = (width + 2L * padding - kernel) / stride + 1;
            return new Layer.MaxPool(kernel, stride, padding);
        }
    }
}
