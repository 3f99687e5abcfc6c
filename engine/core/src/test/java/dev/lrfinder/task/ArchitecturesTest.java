package dev.lrfinder.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layouts match the networks they are named after: parameter counts as torchvision 0.14 counts
 * them for the same network (10 classes; ResNet with the small-image stem swapped in, as
 * native-scripts/peer/resnet_peer.py does), stems chosen by image size.
 */
class ArchitecturesTest {
    private static final long[] CIFAR = {3, 32, 32};

    /** Trainable parameters, as {@code sum(p.numel() for p in model.parameters())} counts them. */
    static long parameters(List<Layer> layers) {
        long n = 0;
        for (Layer layer : layers) {
            n += switch (layer) {
                case Layer.Conv c -> (long) c.out() * (c.in() / c.groups()) * c.kernel() * c.kernel()
                        + (c.bias() ? c.out() : 0);
                case Layer.BatchNorm b -> 2L * b.features();
                case Layer.Linear l -> (long) l.in() * l.out() + l.out();
                case Layer.Residual r -> parameters(r.body()) + parameters(r.shortcut());
                default -> 0;
            };
        }
        return n;
    }

    @ParameterizedTest
    @CsvSource({
        // torchvision: resnet18(num_classes=10) with conv1 = Conv2d(3, 64, 3, 1, 1, bias=False), maxpool = Identity
        "resnet18, 32, 11173962",
        "resnet50, 32, 23520842",
        // torchvision's own resnet18 stem above 64 px
        "resnet18, 224, 11181642",
        // mobilenet_v2(num_classes=10): the stem's stride changes no parameter count
        "mobilenet, 32, 2236682",
        // vgg11_bn features (9,225,984) + Linear(512, 512) x 2 + Linear(512, 10)
        "vgg, 32, 9756426",
    })
    void parameterCountsAreTorchvisions(String model, int side, long expected) {
        List<Layer> layers = Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.byId(model)),
                new long[] {3, side, side}, 10);
        assertEquals(expected, parameters(layers));
    }

    @Test
    void smallImagesGetTheStrideOneStemAndLargerOnesTorchvisions() {
        List<Layer> small = Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.RESNET18), new long[] {3, 64, 64}, 10);
        assertEquals(new Layer.Conv(3, 64, 3, 1, 1, 1, false), small.get(0));
        assertInstanceOf(Layer.Residual.class, small.get(3), "no max pool before the first block");
        List<Layer> large = Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.RESNET18), new long[] {3, 65, 80}, 10);
        assertEquals(new Layer.Conv(3, 64, 7, 2, 3, 1, false), large.get(0));
        assertEquals(new Layer.MaxPool(3, 2, 1), large.get(3));
        List<Layer> gray = Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.MOBILENET), new long[] {1, 28, 28}, 10);
        assertEquals(new Layer.Conv(1, 32, 3, 1, 1, 1, false), gray.get(0), "one channel in, stride 1 at 28 px");
    }

    @Test
    void vggStopsPoolingAtOnePixel() {
        long pools = Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.VGG), new long[] {3, 8, 8}, 10).stream()
                .filter(Layer.MaxPool.class::isInstance).count();
        assertEquals(3, pools, "8 -> 4 -> 2 -> 1, then no more");
        assertEquals(5, Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.VGG), CIFAR, 10).stream()
                .filter(Layer.MaxPool.class::isInstance).count());
    }

    @Test
    void batchNormAndDropoutSitWhereModelSpecSays() {
        List<Layer> mlp = Architectures.layers(ModelSpec.mlp(8).withBatchNorm(true).withDropout(0.5), new long[] {4}, 3);
        assertEquals(List.of(new Layer.Flatten(), new Layer.Linear(4, 8), new Layer.BatchNorm(8),
                new Layer.Act(Activation.RELU), new Layer.Dropout(0.5), new Layer.Linear(8, 3)), mlp);
        List<Layer> cnn = Architectures.layers(ModelSpec.defaults(ModelSpec.Kind.CNN).withDropout(0.25),
                new long[] {1, 28, 28}, 10);
        assertEquals(List.of(new Layer.Dropout(0.25), new Layer.Linear(32 * 7 * 7, 10)), cnn.subList(cnn.size() - 2,
                cnn.size()));
    }

    @Test
    void theStandardArchitecturesRefuseWhatTheyFix() {
        assertEquals("widths = [8]: must be absent for resnet18 (the architecture fixes it)",
                assertThrows(IllegalArgumentException.class,
                        () -> new ModelSpec(ModelSpec.Kind.RESNET18, List.of(8), Activation.RELU)).getMessage());
        assertEquals("activation = tanh: must be relu for vgg (the architecture fixes it)",
                assertThrows(IllegalArgumentException.class,
                        () -> new ModelSpec(ModelSpec.Kind.VGG, List.of(), Activation.TANH)).getMessage());
        assertEquals("dropout = 1.0: must be in [0, 1)", assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.mlp(8).withDropout(1)).getMessage());
    }
}
