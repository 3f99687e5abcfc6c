package dev.lrfinder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.lrfinder.analysis.SearchTrail;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.djl.DjlRangeTest;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.TrainingSchedule;
import dev.lrfinder.task.ModelSpec;
import dev.lrfinder.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verification on the djl backend, by default: a built-in task, and a model of yours, which comes back bit for bit. */
class DjlVerifyTest {

    @Test
    void theAnswerIsTheVerifiedRateByDefaultWithinItsBudgetAndForTheTrainingsLength() {
        FindResult result = LrFinder.builder()
                .setTask(TaskSpec.named("blobs").withSamples(512), ModelSpec.mlp(16))
                .optBackend("djl")
                .optRuns(2)
                .optConfig(SweepConfig.builder().optSteps(60).build())
                .optFor(TrainingSchedule.CONSTANT)
                .optTrainSteps(40)
                .build()
                .run();
        Verification v = result.report().verification().orElseThrow();
        SearchTrail t = v.trail().orElseThrow();
        assertEquals(TrainingSchedule.CONSTANT, v.schedule());
        assertTrue(v.isPresent(), v.toString());
        assertEquals(40, v.steps(), "the final fits run the training's length");
        assertTrue(t.stepsSpent() <= 4 * 2 * 60, "at most 4x the range tests' steps: " + t.stepsSpent());
        assertEquals(v.verifiedLr(), result.recommendation().lr(), "the API's answer is the verified rate");
        try {
            JsonNode json = new ObjectMapper().readTree(result.report().json());
            assertEquals(result.recommendation().lr(), json.at("/aggregate/recommendation/lr").asDouble(),
                    "report.json's answer is the API's");
            assertEquals(t.rangeTestLr(), json.at("/aggregate/recommendation/rangeTestLr").asDouble());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(Double.isFinite(t.rangeTestLr()));
        assertTrue(v.goodFrom() <= v.verifiedLr() * 1.0000001 || v.goodTo() >= v.verifiedLr(), v.toString());
        assertTrue(v.validation().contains("held-out 20%"), v.validation());

        FindResult alone = LrFinder.builder()
                .setTask(TaskSpec.named("blobs").withSamples(512), ModelSpec.mlp(16))
                .optBackend("djl").optRuns(2).optConfig(SweepConfig.builder().optSteps(60).build())
                .optFor(TrainingSchedule.CONSTANT).optVerify(false).build().run();
        assertTrue(alone.report().verification().isEmpty());
        assertEquals(t.rangeTestLr(), alone.recommendation().lr(), 1e-12, "--no-verify: the range tests' answer");
    }

    @Test
    void theTrainingsLengthIsItsStepsOrItsEpochsInSteps() {
        LrFinder.Builder finder = LrFinder.builder()
                .setTask(TaskSpec.named("blobs").withSamples(512), ModelSpec.mlp(16))
                .optBackend("djl")
                .optConfig(SweepConfig.builder().optSteps(60).optBatchSize(64).build());
        assertEquals(LrFinder.DEFAULT_VERIFY_STEPS, finder.build().horizon());
        assertEquals(16, finder.optEpochs(2).build().horizon(), "2 epochs of 512 rows in batches of 64");
        assertEquals(12, finder.optEpochs(1.5).build().horizon());
        var both = assertThrows(IllegalArgumentException.class, () -> finder.optTrainSteps(100).build());
        assertTrue(both.getMessage().startsWith("epochs = 1.5: must be unset when trainSteps"), both.getMessage());
        assertEquals(100, finder.optEpochs(0).build().horizon());
        assertEquals(4 * 3 * 60, finder.build().verifyBudgetSteps(), "4x the range tests' 3 x 60 steps");
        assertEquals(10 * 3 * 60, finder.optVerifyBudget(10).build().verifyBudgetSteps());
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
            SweepConfig config = SweepConfig.builder().optSteps(40).optBatchSize(16).build();
            FindResult unverified = LrFinder.builder().setRangeTest(test).optRuns(1).optConfig(config).build().run();
            Verification none = unverified.report().verification().orElseThrow();
            assertFalse(none.isPresent());
            assertTrue(none.trail().orElseThrow().unverifiedWhy().contains("without validation data"),
                    none.trail().orElseThrow().unverifiedWhy());
            assertEquals(none.trail().orElseThrow().rangeTestLr(), unverified.recommendation().lr());

            test.optValidationDataset(validation);
            LrFinder finder = LrFinder.builder().setRangeTest(test).optRuns(1).optTrainSteps(20).optConfig(config).build();
            FindResult first = finder.run(); // initialises the block's weights
            List<byte[]> before = parameters(model);
            FindResult again = finder.run();
            List<byte[]> after = parameters(model);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " is back bit for bit");
            }
            assertTrue(again.report().verification().orElseThrow().isPresent());
            assertEquals(first.recommendation().lr(), first.report().verification().orElseThrow().verifiedLr());
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
