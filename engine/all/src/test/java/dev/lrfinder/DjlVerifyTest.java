package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.djl.DjlRangeTest;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.TrainingSchedule;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code optVerify} on the djl backend: a built-in task, and a model of yours, which comes back bit for bit. */
class DjlVerifyTest {

    @Test
    void verificationFitsKCandidatesAroundTheRecommendation() {
        FindResult result = LrFinder.builder()
                .setTask(TaskSpec.named("blobs").withSamples(512), ModelSpec.mlp(16))
                .optBackend("djl")
                .optRuns(2)
                .optConfig(SweepConfig.builder().optSteps(60).build())
                .optFor(TrainingSchedule.CONSTANT)
                .optVerify(4)
                .optVerifySteps(40)
                .build()
                .run();
        Verification v = result.report().verification().orElseThrow();
        assertEquals(4, v.candidates().length);
        assertEquals(TrainingSchedule.CONSTANT, v.schedule());
        assertEquals(40, v.steps());
        assertTrue(v.isPresent(), v.toString());
        assertTrue(v.verifiedLr() >= v.candidates()[0] && v.verifiedLr() <= v.candidates()[3], v.toString());
        assertTrue(v.goodFrom() <= v.verifiedLr() * 1.0000001 || v.goodTo() >= v.verifiedLr(), v.toString());
        double rec = result.recommendation().lr();
        assertTrue(v.candidates()[0] <= rec / 9.99 && v.candidates()[3] >= rec * 9.99, "a decade each side: " + v);
        assertTrue(v.validation().contains("held-out 20%"), v.validation());
    }

    @Test
    void aModelOfYoursIsVerifiedAndRestoredBitForBit() {
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("mine", "PyTorch")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(3).build()));
            ArrayDataset train = new ArrayDataset.Builder().setData(manager.randomNormal(new Shape(128, 4)))
                    .optLabels(manager.randomInteger(0, 3, new Shape(128), ai.djl.ndarray.types.DataType.INT32)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false))
                    .setSampling(16, true).build();
            ArrayDataset validation = new ArrayDataset.Builder().setData(manager.randomNormal(new Shape(32, 4)))
                    .optLabels(manager.zeros(new Shape(32))).setSampling(16, false).build();
            DjlRangeTest.Builder test = DjlRangeTest.builder().setModel(model).setDataset(train)
                    .setLoss(Loss.softmaxCrossEntropyLoss()).optInputShapes(new Shape(16, 4));
            var refused = assertThrows(IllegalArgumentException.class,
                    () -> LrFinder.builder().setRangeTest(test).optVerify(3).build());
            assertTrue(refused.getMessage().startsWith("verify = 3: must be 0 for a model of yours without validation"),
                    refused.getMessage());

            test.optValidationDataset(validation);
            LrFinder finder = LrFinder.builder().setRangeTest(test).optRuns(1).optVerify(3).optVerifySteps(20)
                    .optConfig(SweepConfig.builder().optSteps(40).optBatchSize(16).build()).build();
            FindResult first = finder.run(); // initialises the block's weights
            List<byte[]> before = parameters(model);
            FindResult again = finder.run();
            List<byte[]> after = parameters(model);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " is back bit for bit");
            }
            assertEquals(3, again.report().verification().orElseThrow().candidates().length);
            assertEquals(first.report().verification().orElseThrow().candidates().length, 3);
        }
    }

    private static List<byte[]> parameters(Model model) {
        List<byte[]> bytes = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            bytes.add(p.getValue().getArray().toByteArray());
        }
        return bytes;
    }
}
