package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import dev.lrfinder.base.Named;
import java.util.Arrays;
import java.util.List;

/**
 * The pipelines of the Python tools, reproduced from raw per-step losses so that a user migrating
 * from them gets the same numbers: each tool's smoothing (in its precision), its divergence stop,
 * its trimming and NaN handling, and its suggestion rules. Look one up with {@link #byName(String)}
 * ({@code fastai}, {@code lightning}, {@code torch-lr-finder}).
 *
 * <p>The inputs are what the tool would have seen during its sweep: the lr of each step and the
 * raw (unsmoothed) loss of each step, as many as were run. {@code requestedSteps} is the length the
 * sweep was asked for ({@code num_it}, {@code num_training}, {@code num_iter}): the tools stop after
 * it and fastai trims with it. Learning rates are validated as in {@link CurveAnalysis}; losses are
 * taken as they are, NaN, infinite and negative ones included, and go through the tool's own rules.
 */
public enum Compat implements Named {

    /** fastai's {@code Learner.lr_find}; the quirks reproduced are listed in {@code FastaiPipeline}. */
    FASTAI("fastai") {
        @Override
        AnalysisResult run(double[] lrs, double[] rawLosses, int requestedSteps) {
            return FastaiPipeline.analyze(lrs, rawLosses, requestedSteps);
        }

        @Override
        AnalysisResult runRecorded(double[] lrs, double[] recordedLosses, int requestedSteps) {
            return FastaiPipeline.analyzeRecorded(lrs, recordedLosses, requestedSteps);
        }

        @Override
        double[] undo(double[] recordedLosses) {
            return FastaiPipeline.unsmooth(recordedLosses);
        }
    },
    /** PyTorch Lightning's {@code Tuner.lr_find} (2.5.3 and later); quirks listed in {@code LightningPipeline}. */
    LIGHTNING("lightning") {
        @Override
        AnalysisResult run(double[] lrs, double[] rawLosses, int requestedSteps) {
            return LightningPipeline.analyze(lrs, rawLosses, requestedSteps);
        }

        @Override
        AnalysisResult runRecorded(double[] lrs, double[] recordedLosses, int requestedSteps) {
            return LightningPipeline.analyzeRecorded(lrs, recordedLosses, requestedSteps);
        }

        @Override
        double[] undo(double[] recordedLosses) {
            return LightningPipeline.unsmooth(recordedLosses);
        }
    },
    /** torch-lr-finder's {@code range_test} and {@code plot}; quirks listed in {@code TorchLrFinderPipeline}. */
    TORCH_LR_FINDER("torch-lr-finder") {
        @Override
        AnalysisResult run(double[] lrs, double[] rawLosses, int requestedSteps) {
            return TorchLrFinderPipeline.analyze(lrs, rawLosses, requestedSteps);
        }

        @Override
        AnalysisResult runRecorded(double[] lrs, double[] recordedLosses, int requestedSteps) {
            return TorchLrFinderPipeline.analyzeRecorded(lrs, recordedLosses, requestedSteps);
        }

        @Override
        double[] undo(double[] recordedLosses) {
            return TorchLrFinderPipeline.unsmooth(recordedLosses);
        }
    };

    private final String id;

    Compat(String id) {
        this.id = id;
    }

    /** The name used by {@code --compat}, also the result's {@link AnalysisResult#pipeline()}. */
    public String id() {
        return id;
    }

    /**
     * Runs the tool's pipeline.
     *
     * @param lrs the lr of each step: finite, positive, strictly increasing
     * @param rawLosses the raw loss of each step, one per lr; any double
     * @param requestedSteps the number of steps the sweep was asked for, at least 1
     * @return the curve the tool keeps (up to its stop) and the tool's suggestions
     * @throws IllegalArgumentException for bad learning rates, mismatched lengths or {@code requestedSteps < 1}
     */
    public AnalysisResult analyze(double[] lrs, double[] rawLosses, int requestedSteps) {
        CurveValidation.check(lrs, rawLosses);
        if (requestedSteps < 1) {
            throw Checks.invalid("steps", requestedSteps,
                    "an integer >= 1: the number of steps the sweep was asked for (num_it, num_training, num_iter)");
        }
        return run(lrs, rawLosses, requestedSteps);
    }

    abstract AnalysisResult run(double[] lrs, double[] rawLosses, int requestedSteps);

    /**
     * The tool's answers from the losses as the tool itself recorded them (its smoothed loss, ending
     * where it stopped: fastai's {@code Recorder.losses}, Lightning's {@code lr_finder.results},
     * torch-lr-finder's {@code history}): its trimming and rules, without smoothing or stopping again,
     * so that the answer is the one the tool gave. The result's raw losses are {@link #unsmooth}'s.
     *
     * @param lrs the lr of each recorded step: finite, positive, strictly increasing
     * @param recordedLosses the tool's smoothed loss of each step, one per lr
     * @param requestedSteps the number of steps the sweep was asked for, at least 1
     * @throws IllegalArgumentException as {@link #analyze}
     */
    public AnalysisResult analyzeRecorded(double[] lrs, double[] recordedLosses, int requestedSteps) {
        CurveValidation.check(lrs, recordedLosses);
        if (requestedSteps < 1) {
            throw Checks.invalid("steps", requestedSteps,
                    "an integer >= 1: the number of steps the sweep was asked for (num_it, num_training, num_iter)");
        }
        return runRecorded(lrs, recordedLosses, requestedSteps);
    }

    /**
     * The raw per-step losses behind the tool's recorded (smoothed) ones: its exponential moving
     * average undone with its own beta and debiasing. Exact up to float64 rounding for Lightning and
     * torch-lr-finder; fastai records float32, so its raw losses come back to about 1e-5 of the loss.
     *
     * @param recordedLosses the tool's smoothed loss of each step, from its first step on
     * @return one raw loss per recorded one
     */
    public double[] unsmooth(double[] recordedLosses) {
        return undo(recordedLosses.clone());
    }

    abstract AnalysisResult runRecorded(double[] lrs, double[] recordedLosses, int requestedSteps);

    abstract double[] undo(double[] recordedLosses);

    /**
     * Looks a pipeline up by name, ignoring case.
     *
     * @throws IllegalArgumentException if the name is unknown; the message lists the names
     */
    public static Compat byName(String name) {
        return Named.byId(Compat.class, "compat", name);
    }

    /** All names, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Compat::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
