package dev.lrfinder.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import dev.lrfinder.data.DataKind;
import dev.lrfinder.data.Datasets;
import dev.lrfinder.data.LoadedData;
import dev.lrfinder.sweep.StopReason;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepResult;
import dev.lrfinder.task.ModelSpec;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lrfinder's data as a DJL dataset and back, and a DJL model swept on it. */
class DjlDatasetsTest {
    @TempDir
    Path dir;

    private LoadedData table() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 64; i++) {
            csv.append(String.format(Locale.ROOT, "%.2f,%.2f,%s%n", i * 0.1, -i * 0.05, i % 2 == 0 ? "even" : "odd"));
        }
        return Datasets.csv(Files.writeString(dir.resolve("t.csv"), csv)).read();
    }

    @Test
    void aLoadedDataGoesToADjlDatasetAndComesBackTheSame() throws IOException {
        LoadedData data = table();
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = DjlDatasets.toDataset(data, manager, 16, false);
            assertEquals(64, dataset.size());
            LoadedData back = DjlDatasets.fromDataset(dataset, manager, DataKind.CLASSIFICATION, "round trip");
            assertEquals(64, back.samples());
            assertArrayEquals(data.targets(), back.targets());
            float[] original = new float[64 * 2];
            float[] again = new float[64 * 2];
            data.features().get(original);
            back.features().get(again);
            assertArrayEquals(original, again);
            assertEquals(List.of("0", "1"), back.schema().classNames(), "classes named by their ids");
        }
    }

    @Test
    void aDjlModelIsSweptOnALoadedData() throws IOException {
        LoadedData data = table();
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("mine")) {
            model.setBlock(DjlModels.build(ModelSpec.mlp(16), 2));
            SweepResult result = DjlRangeTest.builder()
                    .setModel(model)
                    .setDataset(DjlDatasets.toDataset(data, manager, 16, true))
                    .setLoss(Loss.softmaxCrossEntropyLoss())
                    .optValidationDataset(DjlDatasets.toDataset(data.slice(0, 32), manager, 16, false))
                    .optInputShapes(new Shape(16, 2))
                    .optConfig(SweepConfig.builder().optSteps(30).optLrMax(1).optValidationLoss(true).build())
                    .build()
                    .run();
            assertEquals(30, result.curve().size());
            assertEquals(30, result.curve().validationLosses().length, "the validation loss of every step");
            assertTrue(result.curve().stopReason() == StopReason.COMPLETED || result.curve().stopReason() == StopReason.DIVERGED);
        }
    }

    @Test
    void arraysInMemoryAreCheckedAsTheyAreTakenIn() {
        FloatBuffer four = FloatBuffer.wrap(new float[] {1, 2, 3, 4});
        var e = assertThrows(IllegalArgumentException.class, () -> LoadedData.of("mem", four, new long[] {2},
                new float[] {0, 2}, DataKind.CLASSIFICATION, List.of("a", "b")));
        assertEquals("targets[1] = 2.0: must be a class id in [0, 2)", e.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> LoadedData.of("mem", four, new long[] {3},
                new float[] {0, 1}, DataKind.REGRESSION, List.of()));
        assertEquals("features = 4 floats: must be 6: 2 samples of 3 features", shape.getMessage());
    }
}
