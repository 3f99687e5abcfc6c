package dev.lrfinder.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskSpecTest {

    @ParameterizedTest
    @EnumSource(TaskKind.class)
    void everyTaskIsReproducibleWellFormedAndNamed(TaskKind kind) {
        TaskSpec spec = TaskSpec.defaults(kind).withSamples(300);
        TaskData a = spec.generate();
        TaskData b = spec.generate();
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.targets(), b.targets());
        assertEquals(300, a.samples());
        assertEquals(300 * a.featureSize(), a.features().length);
        assertEquals(300, a.targets().length);
        for (float v : a.features()) {
            assertTrue(Float.isFinite(v));
        }
        if (kind.isClassification()) {
            assertEquals(spec.classes(), a.classes());
            for (float t : a.targets()) {
                assertTrue(t >= 0 && t < a.classes() && t == Math.rint(t), "label " + t);
            }
            // Every class is present.
            assertEquals(a.classes(), (int) Arrays.stream(toDouble(a.targets())).distinct().count());
        } else {
            assertEquals(0, a.classes());
            assertEquals(1, a.outputs());
        }
        assertEquals(kind, TaskSpec.named(kind.id()).kind());
    }

    @Test
    void patternsAreMnistSizedImages() {
        TaskData data = TaskSpec.defaults(TaskKind.PATTERNS).withSamples(20).generate();
        assertArrayEquals(new long[] {1, 28, 28}, data.sampleShape());
        assertEquals(784, data.featureSize());
        assertEquals(10, data.outputs());
    }

    @Test
    void theDataSeedChangesTheData() {
        TaskSpec spec = TaskSpec.defaults(TaskKind.BLOBS).withSamples(50);
        TaskSpec other = new TaskSpec(spec.kind(), spec.dims(), spec.classes(), spec.noise(), spec.samples(), 1,
                spec.augmentNoise(), spec.augmentFlips());
        assertFalse(Arrays.equals(spec.generate().features(), other.generate().features()));
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("task = mnist: must be one of blobs, spirals, regression, patterns",
                assertThrows(IllegalArgumentException.class, () -> TaskSpec.named("mnist")).getMessage());
        assertEquals("samples = 0: must be an integer in [1, 16777216]",
                assertThrows(IllegalArgumentException.class, () -> TaskSpec.named("blobs").withSamples(0)).getMessage());
        assertEquals("augmentFlips = true: must be false for the non-image task spirals",
                assertThrows(IllegalArgumentException.class,
                        () -> TaskSpec.named("spirals").withAugmentation(0, true)).getMessage());
        assertEquals("widths = [16]: must be two filter counts for cnn, e.g. 16,32",
                assertThrows(IllegalArgumentException.class,
                        () -> new ModelSpec(ModelSpec.Kind.CNN, java.util.List.of(16), Activation.RELU)).getMessage());
    }

    @Test
    void dataSetsAndBatchesThatWouldOverflowTheirArraysAreRefusedUpFront() {
        assertEquals("samples = 16777216: must be at most 2739137 for patterns (784 floats a sample; the data set is one"
                        + " Java array)",
                assertThrows(IllegalArgumentException.class, () -> TaskSpec.defaults().withSamples(1 << 24)).getMessage());
        assertEquals("batchSize = 1048576: must be at most the data set's size, samples = 4096",
                assertThrows(IllegalArgumentException.class, () -> TaskSpec.defaults().checkBatchSize(1 << 20)).getMessage());
        // Within the data set but past what one batch buffer holds: 700,000 x 784 x 4 bytes > 2 GiB.
        assertEquals("batchSize = 700000: must be at most 684784 for patterns (784 floats a sample; a batch's inputs are"
                        + " one buffer of at most 2 GiB)",
                assertThrows(IllegalArgumentException.class,
                        () -> TaskSpec.defaults().withSamples(1_000_000).checkBatchSize(700_000)).getMessage());
        assertEquals(684_784, TaskSpec.defaults().withSamples(1_000_000).checkBatchSize(684_784));
        TaskSpec small = TaskSpec.named("blobs").withSamples(40);
        assertEquals("batchSize = 64: must be at most the data set's size, samples = 40",
                assertThrows(IllegalArgumentException.class, () -> new BatchSampler(small.generate(), small, 64, 1))
                        .getMessage(), "the engine's own entry checks it too");
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
