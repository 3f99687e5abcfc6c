package dev.lrfinder.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrfinder.task.ScriptModel;
import dev.lrfinder.task.TaskKind;
import dev.lrfinder.task.TaskSpec;
import dev.lrfinder.task.TorchScriptFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SweepBackend} promises for the user's TorchScript model ({@link ScriptModel}):
 * each session starts from the file's weights whatever the seed, the sweep (or a caller's
 * snapshot) restores them and the buffers (batch norm's running statistics) bit for bit, the same seed repeats the curve to the bit and another seed changes it (the batch order),
 * divergence and NaN end the curve, and a file that cannot be swept is one line naming it. A
 * backend's test class extends this; run one class per JVM.
 */
public abstract class ScriptModelContract {
    /** The classifier fixture's data: 8 features, 3 classes. */
    protected static final SweepData BLOBS = data(TaskSpec.named("blobs").withSamples(512).withDims(8).withClasses(3));
    /** The regressor fixture's data: 4 features, one target. */
    protected static final SweepData REGRESSION = data(TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512).withDims(4));

    private static final ScriptModel CLASSIFIER = TorchScriptFixtures.model(TorchScriptFixtures.CLASSIFIER);
    private static final ScriptModel REGRESSOR = TorchScriptFixtures.model(TorchScriptFixtures.REGRESSOR);

    @TempDir
    Path dir;

    private final SweepBackend backend;
    private final Function<SweepSession, byte[]> modelState;

    /** @param modelState every byte of the session's model state that the backend restores, in a fixed order */
    protected ScriptModelContract(SweepBackend backend, Function<SweepSession, byte[]> modelState) {
        this.backend = backend;
        this.modelState = modelState;
    }

    private static SweepData data(TaskSpec task) {
        return SweepData.of(task.trainingData());
    }

    private SweepResult run(SweepData data, ScriptModel model, SweepConfig config) {
        return backend.run(data, model, config, SweepListener.NONE);
    }

    @Test
    public void everySessionStartsFromTheFilesWeightsAndTheSweepRestoresThem() {
        SweepConfig config = SweepConfig.builder().optSteps(60).optLrMax(1000).build();
        byte[] asSaved;
        try (SweepSession session = backend.open(BLOBS, CLASSIFIER, config)) {
            asSaved = modelState.apply(session);
            SweepResult result = SweepLoop.builder().setConfig(config).build().run(session);
            assertEquals(StopReason.DIVERGED, result.curve().stopReason());
            assertArrayEquals(asSaved, modelState.apply(session));
        }
        try (SweepSession other = backend.open(BLOBS, CLASSIFIER, config.toBuilder().optSeed(7).build())) {
            assertArrayEquals(asSaved, modelState.apply(other), "another seed, the same weights: the file's");
        }
    }

    @Test
    public void aRestoreUndoesTheRunningStatisticsTooAndTheModelTrainsOnAfterIt() {
        restoresParametersAndBuffers(OptimizerSpec.of(OptimizerKind.SGD), 0.3);
    }

    @Test
    public void aRestoreUnderAnOptimizerWithStateDoesTheSame() {
        restoresParametersAndBuffers(OptimizerSpec.of(OptimizerKind.ADAM), 0.01);
    }

    /** Steps at {@code lr}, restores, twice over: each time the model as it was, and it trains on. */
    private void restoresParametersAndBuffers(OptimizerSpec optimizer, double lr) {
        // eval mode reads batch norm's running statistics: the validation loss sees the buffers
        SweepData withValidation = SweepData.of(BLOBS.train(), BLOBS.train());
        SweepConfig config = SweepConfig.builder().optOptimizer(optimizer).optValidationLoss(true)
                .optValidationBatches(4).build();
        try (SweepSession session = backend.open(withValidation, CLASSIFIER, config);
                SweepSession.Snapshot asOpened = session.snapshot()) {
            // validation first: a saved module records its mode, and every comparison below is in eval mode
            double validationAsSaved = session.validationLoss();
            byte[] asSaved = modelState.apply(session);
            for (int round = 0; round < 2; round++) {
                double[] losses = new double[40];
                for (int i = 0; i < losses.length; i++) {
                    session.step(lr);
                }
                assertEquals(losses.length, session.readLosses(losses, 0));
                assertTrue(mean(losses, 30, 40) < mean(losses, 0, 10),
                        "round " + round + ": the model learns: " + mean(losses, 0, 10) + " -> " + mean(losses, 30, 40));
                assertNotEquals(validationAsSaved, session.validationLoss());
                asOpened.restore();
                assertArrayEquals(asSaved, modelState.apply(session), "round " + round);
                assertEquals(validationAsSaved, session.validationLoss(), "round " + round);
            }
        }
    }

    /**
     * A verification fit's score: training steps, then the validation loss (eval mode, no
     * gradient), of the scripted classifier and the traced regressor, then the restore: the
     * module bit for bit as opened, and it scores what a fresh one does.
     */
    @Test
    public void aModelIsScoredOnValidationDataAfterTrainingStepsAndRestoredToTheBit() {
        scoresAfterSteps(REGRESSION, REGRESSOR);
        scoresAfterSteps(BLOBS, CLASSIFIER);
    }

    private void scoresAfterSteps(SweepData data, ScriptModel model) {
        SweepData withValidation = SweepData.of(data.train(), data.train());
        SweepConfig config = SweepConfig.builder().optValidationLoss(true).optValidationBatches(4).build();
        double fresh;
        try (SweepSession session = backend.open(withValidation, model, config)) {
            fresh = session.validationLoss();
        }
        try (SweepSession session = backend.open(withValidation, model, config);
                SweepSession.Snapshot asOpened = session.snapshot()) {
            byte[] asSaved = modelState.apply(session);
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 20; i++) {
                    session.step(1e-3);
                }
                double trained = session.validationLoss();
                assertTrue(Double.isFinite(trained) && trained != fresh, model.file() + " round " + round + ": " + trained);
                asOpened.restore();
                assertArrayEquals(asSaved, modelState.apply(session), model.file() + " round " + round);
                assertEquals(fresh, session.validationLoss(), model.file() + " round " + round);
            }
        }
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    @Test
    public void theSameSeedRepeatsTheCurveToTheBitAndAnotherSeedChangesTheBatchOrder() {
        SweepConfig config = SweepConfig.builder().optSteps(50).optLrMin(1e-4).optLrMax(1).build();
        LossCurve a = run(BLOBS, CLASSIFIER, config).curve();
        assertEquals(StopReason.COMPLETED, a.stopReason());
        assertEquals(a, run(BLOBS, CLASSIFIER, config).curve());
        assertNotEquals(a, run(BLOBS, CLASSIFIER, config.toBuilder().optSeed(43).build()).curve());
        assertTrue(a.loss(49) < a.loss(0), "the model learns: " + a.loss(0) + " -> " + a.loss(49));
    }

    @Test
    public void divergenceAndANonFiniteLossEndTheCurve() {
        LossCurve diverged = run(BLOBS, CLASSIFIER, SweepConfig.builder().optLrMax(1000).build()).curve();
        assertEquals(StopReason.DIVERGED, diverged.stopReason());
        assertTrue(diverged.size() < 100, "stopped at " + diverged.size());
        SweepConfig nonFinite = SweepConfig.builder().optLrMin(1e-3).optLrMax(1e6)
                .optDivergence(DivergenceRule.none()).build();
        LossCurve overflowed = run(REGRESSION, REGRESSOR, nonFinite).curve();
        assertEquals(StopReason.NON_FINITE, overflowed.stopReason());
        assertFalse(Double.isFinite(overflowed.loss(overflowed.size() - 1)));
    }

    @Test
    public void checkNamesTheFileAndItsTrainableParameters() {
        // classifier: 8x16+16 and 16x3+3, and batch norm's bias (its weight is frozen)
        assertEquals("TorchScript classifier.pt (211 trainable parameters)", backend.check(BLOBS, CLASSIFIER));
        assertEquals("TorchScript regressor.pt (73 trainable parameters)", backend.check(REGRESSION, REGRESSOR));
    }

    @Test
    public void aFileThatCannotBeSweptIsOneLineNamingIt() throws IOException {
        Path missing = dir.resolve("missing.pt");
        assertBad(BLOBS, new ScriptModel(missing), "no such file");
        Path corrupt = dir.resolve("corrupt.pt");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(corrupt, noise);
        assertBad(BLOBS, new ScriptModel(corrupt), "libtorch cannot load it");
        assertBad(BLOBS, TorchScriptFixtures.model(TorchScriptFixtures.FROZEN), "requires_grad False");
        assertBad(BLOBS, TorchScriptFixtures.model(TorchScriptFixtures.STATE_DICT), "this is torch.save's");
        assertBad(REGRESSION, TorchScriptFixtures.model(TorchScriptFixtures.CUDA), "its tensors are on CUDA");
        assertBad(data(TaskSpec.named("blobs").withSamples(512).withDims(8).withClasses(5)), CLASSIFIER,
                "it returns 2 x 3, the loss needs 2 x 5 (batch x classes)");
        assertBad(data(TaskSpec.defaults(TaskKind.REGRESSION).withSamples(512).withDims(8)), CLASSIFIER,
                "it returns 2 x 3, the loss needs 2 x 1");
        assertBad(data(TaskSpec.named("blobs").withSamples(512).withDims(5).withClasses(3)), CLASSIFIER,
                "on a batch of 2 x 5 features its forward fails (mat1 and mat2 shapes cannot be multiplied (2x5 and 8x16))");
    }

    @Test
    public void anOutputNoLossCanTrainThroughIsOneLineSayingWhatItIsAndWhatIsNeeded() {
        assertBad(BLOBS, TorchScriptFixtures.model(TorchScriptFixtures.DETACHED),
                "a model whose output is attached to autograd: it returns a float32 tensor that requires no gradient"
                        + " (a forward ending in .detach() or run under torch.no_grad())");
        assertBad(BLOBS, TorchScriptFixtures.model(TorchScriptFixtures.NO_GRAD),
                "a model whose output is attached to autograd: it returns a float32 tensor that requires no gradient");
        assertBad(BLOBS, TorchScriptFixtures.model(TorchScriptFixtures.CLASS_IDS),
                "a model whose output is floating-point scores: it returns int64 (class ids, or a cast such as .long())");
    }

    @Test
    public void aOneEntryDictIsTheOutputAndTwoEntriesAreOneLine() {
        ScriptModel dict = TorchScriptFixtures.model(TorchScriptFixtures.ONE_ENTRY_DICT);
        assertEquals("TorchScript one_entry_dict.pt (27 trainable parameters)", backend.check(BLOBS, dict));
        LossCurve swept = run(BLOBS, dict, SweepConfig.builder().optSteps(30).optLrMax(1).build()).curve();
        assertEquals(StopReason.COMPLETED, swept.stopReason());
        assertTrue(swept.loss(29) < swept.loss(0), "it trains: " + swept.loss(0) + " -> " + swept.loss(29));
        assertBad(BLOBS, TorchScriptFixtures.model(TorchScriptFixtures.TWO_ENTRY_DICT),
                "a model whose forward returns one tensor (or a dict, tuple or list holding one): it returns a dict");
    }

    /**
     * A seeded fuzz of the load check: the classifier's file cut short or with bytes flipped (in its
     * tensors, its code, its zip directory) is either checked as a model or refused in one line
     * naming it; never another exception.
     */
    @Test
    public void aMangledFileIsCheckedOrOneLineNeverAnotherException() throws IOException {
        byte[] valid = Files.readAllBytes(TorchScriptFixtures.path(TorchScriptFixtures.CLASSIFIER));
        Random random = new Random(20261207);
        for (int i = 0; i < 12; i++) {
            byte[] mutant;
            if (i % 3 == 0) {
                mutant = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            } else {
                mutant = valid.clone();
                // the last bytes are the zip's directory; the rest code, pickles and tensors
                int from = i % 3 == 1 ? Math.max(0, valid.length - 400) : 0;
                for (int k = 0; k < 1 + random.nextInt(6); k++) {
                    mutant[from + random.nextInt(valid.length - from)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            Path file = dir.resolve("mangled-" + i + ".pt");
            Files.write(file, mutant);
            ScriptModel model = new ScriptModel(file);
            try {
                String described = backend.check(BLOBS, model);
                assertTrue(described.startsWith("TorchScript mangled-" + i + ".pt ("), described);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                assertTrue(message.startsWith("model = " + file + ": must be "), i + ": " + message);
                assertEquals(1, message.lines().count(), i + ": " + message);
            }
        }
    }

    @Test
    public void aOneLogitModelIsCheckedAgainstTheLossItTrainsWith() {
        // One output per sample on two classes: binary cross-entropy's shape, not cross-entropy's.
        SweepData twoClasses = data(TaskSpec.named("blobs").withSamples(512).withDims(4).withClasses(2));
        LossSpec bce = LossSpec.of(LossKind.BCE);
        assertEquals("TorchScript regressor.pt (73 trainable parameters)", backend.check(twoClasses, REGRESSOR, bce));
        var e = assertThrows(IllegalArgumentException.class, () -> backend.check(twoClasses, REGRESSOR));
        assertTrue(e.getMessage().contains("it returns 2 x 1, the loss needs 2 x 2 (batch x classes) for cross-entropy"),
                e.getMessage());
        LossCurve swept = run(twoClasses, REGRESSOR, SweepConfig.builder().optSteps(40).optLrMax(1e-2).optLoss(bce)
                .build()).curve();
        assertEquals(StopReason.COMPLETED, swept.stopReason());
        assertTrue(swept.loss(0) > 0.3 && swept.loss(0) < 3, "a binary cross-entropy, not another loss: " + swept.loss(0));
    }

    @Test
    public void openingAFileThatCannotLoadIsTheSameLine() {
        ScriptModel frozen = TorchScriptFixtures.model(TorchScriptFixtures.FROZEN);
        var e = assertThrows(IllegalArgumentException.class, () -> backend.open(BLOBS, frozen, SweepConfig.defaults()));
        assertEquals(frozen.nothingToTrain().getMessage(), e.getMessage());
    }

    private void assertBad(SweepData data, ScriptModel model, String says) {
        var e = assertThrows(IllegalArgumentException.class, () -> backend.check(data, model));
        String message = e.getMessage();
        assertTrue(message.startsWith("model = " + model.file() + ": must be "), message);
        assertTrue(message.contains(says), message);
        assertEquals(1, message.lines().count(), message);
    }
}
