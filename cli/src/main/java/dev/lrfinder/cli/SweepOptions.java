package dev.lrfinder.cli;

import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.LrSchedule;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.SweepCurve;
import picocli.CommandLine.Option;

/** The sweep's settings as options; every default is the engine's own. */
final class SweepOptions {
    @Option(names = "--lr-min", paramLabel = "LR", description = "First learning rate (default: ${DEFAULT-VALUE}).")
    double lrMin = SweepConfig.DEFAULT_LR_MIN;

    @Option(names = "--lr-max", paramLabel = "LR", description = "Last learning rate (default: ${DEFAULT-VALUE}).")
    double lrMax = SweepConfig.DEFAULT_LR_MAX;

    @Option(names = "--steps", paramLabel = "N", description = "Steps (batches) per run (default: ${DEFAULT-VALUE}).")
    int steps = SweepConfig.DEFAULT_STEPS;

    @Option(names = "--schedule", paramLabel = "NAME",
            description = "exponential or linear (default: ${DEFAULT-VALUE}).")
    String schedule = LrSchedule.EXPONENTIAL.id();

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the first run; run i uses seed + i (default: ${DEFAULT-VALUE}).")
    long seed = SweepConfig.DEFAULT_SEED;

    @Option(names = "--divergence", paramLabel = "X|none",
            description = "Stop when the smoothed loss passes X times its best (fastai's rule, made safe"
                    + " for negative losses), or 'none' (default: ${DEFAULT-VALUE}).")
    String divergence = "4";

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize = SweepConfig.DEFAULT_BATCH_SIZE;

    /**
     * The optimizer {@code find} runs when none is named: Adam. Measured on the default task (patterns,
     * MLP 784-256-256-10, lr 1e-7 to 10 over 100 steps, 3 runs): plain SGD stays flat for 90 of the
     * 100 steps, falls in a handful and explodes, so the three regions are hard to see; Adam is flat
     * to about 1e-3, falls over a decade and explodes past 0.02, each region some 15-60 steps wide.
     * Adam is also what most people hand a found rate to. Change it when another optimizer shows
     * the test better on the default task (and regenerate docs/plot.png).
     */
    static final OptimizerKind DEFAULT_OPTIMIZER = OptimizerKind.ADAM;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer = DEFAULT_OPTIMIZER.id();

    @Option(names = "--momentum", paramLabel = "M",
            description = "Momentum for momentum and nesterov (default: ${DEFAULT-VALUE}).")
    double momentum = OptimizerSpec.DEFAULT_MOMENTUM;

    @Option(names = "--weight-decay", paramLabel = "W", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay = 0;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra-op threads; 1 is fastest on small machines (default: ${DEFAULT-VALUE}).")
    int threads = SweepConfig.DEFAULT_THREADS;

    @Option(names = "--val-loss",
            description = "After every step, evaluate the model on the validation data (--val-split or --val-data) in"
                    + " eval mode without gradient and record that loss too, as torch-lr-finder's val_loader.")
    boolean valLoss;

    @Option(names = "--val-batches", paramLabel = "N",
            description = "With --val-loss: evaluate N batches of the validation data, the same ones every step"
                    + " (default: all of it).")
    int valBatches;

    @Option(names = "--curve", paramLabel = "train|val",
            description = "The loss the divergence rule and the suggestions read (default: val with --val-loss,"
                    + " else train).")
    String curve;

    /** The config these options describe; IllegalArgumentException names the bad one. */
    SweepConfig toConfig() {
        if (!valLoss && valBatches != 0) {
            throw new BadInputException("--val-batches = " + valBatches + ": must be given with --val-loss");
        }
        if (!valLoss && curve != null && SweepCurve.byId(curve) == SweepCurve.VALIDATION) {
            throw new BadInputException("--curve = " + curve + ": must be train without --val-loss (no validation loss is recorded)");
        }
        return SweepConfig.builder()
                .optLrMin(lrMin)
                .optLrMax(lrMax)
                .optSteps(steps)
                .optSchedule(LrSchedule.byId(schedule))
                .optSeed(seed)
                .optDivergence(DivergenceRule.parse(divergence))
                .optBatchSize(batchSize)
                .optOptimizer(new OptimizerSpec(OptimizerKind.byId(optimizer), momentum, weightDecay))
                .optThreads(threads)
                .optValidationLoss(valLoss)
                .optValidationBatches(valBatches)
                .optCurve(curve != null ? SweepCurve.byId(curve) : null)
                .build();
    }
}
