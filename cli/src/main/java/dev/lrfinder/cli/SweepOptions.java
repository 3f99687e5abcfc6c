package dev.lrfinder.cli;

import dev.lrfinder.sweep.DivergenceRule;
import dev.lrfinder.sweep.LossKind;
import dev.lrfinder.sweep.LossSpec;
import dev.lrfinder.sweep.LrSchedule;
import dev.lrfinder.sweep.OptimizerKind;
import dev.lrfinder.sweep.OptimizerSpec;
import dev.lrfinder.sweep.Precision;
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
            description = "torch.optim's sgd, adam, adamw or rmsprop, with its defaults; momentum and nesterov are"
                    + " shorthands for sgd with momentum 0.9 (and Nesterov) (default: ${DEFAULT-VALUE}).")
    String optimizer = DEFAULT_OPTIMIZER.id();

    @Option(names = "--momentum", paramLabel = "M",
            description = "sgd's and rmsprop's momentum, in [0, 1) (default: 0; 0.9 for momentum and nesterov).")
    Double momentum;

    @Option(names = "--dampening", paramLabel = "D", description = "sgd's dampening of momentum, in [0, 1] (default: 0).")
    Double dampening;

    @Option(names = "--nesterov", description = "sgd with Nesterov momentum (needs --momentum > 0, dampening 0).")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "W",
            description = "Weight decay, >= 0: L2 added to the gradient, decoupled for adamw (default: 0; 0.01 for adamw).")
    Double weightDecay;

    @Option(names = "--betas", paramLabel = "B1,B2",
            description = "adam's and adamw's moment decays, each in [0, 1) (default: 0.9,0.999).")
    String betas;

    @Option(names = "--eps", paramLabel = "E",
            description = "adam's, adamw's and rmsprop's denominator term, >= 0 (default: 1e-8).")
    Double eps;

    @Option(names = "--alpha", paramLabel = "A", description = "rmsprop's smoothing constant, in [0, 1] (default: 0.99).")
    Double alpha;

    @Option(names = "--centered", description = "rmsprop divides by the centred (variance) estimate.")
    Boolean centered;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "cross-entropy, bce (with logits), mse, l1 or huber, as PyTorch defines them (default:"
                    + " cross-entropy for class labels, mse for regression targets).")
    String loss;

    @Option(names = "--label-smoothing", paramLabel = "X",
            description = "cross-entropy's label smoothing, in [0, 1] (default: 0).")
    double labelSmoothing;

    @Option(names = "--huber-delta", paramLabel = "D",
            description = "huber's delta, > 0; 1 is SmoothL1Loss (default: ${DEFAULT-VALUE}).")
    double huberDelta = LossSpec.DEFAULT_HUBER_DELTA;

    @Option(names = "--accumulate", paramLabel = "N",
            description = "Gradient accumulation: N batches of --batch-size per optimizer step, their gradients"
                    + " averaged, one rate; the step's loss is their mean (default: ${DEFAULT-VALUE}).")
    int accumulate = SweepConfig.DEFAULT_ACCUMULATE;

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

    @Option(names = "--precision", paramLabel = "fp32|bf16|fp16",
            description = "The forward pass's arithmetic on --backend native: fp32, bf16 (autocast; CPU or CUDA) or"
                    + " fp16 (autocast and a loss scale; CUDA only); parameters stay float32 (default: ${DEFAULT-VALUE}).")
    String precision = "fp32";

    /** The optimizer options given, over torch's defaults for the kind; a value the kind does not read is refused. */
    private OptimizerSpec optimizerSpec() {
        OptimizerSpec.Builder b = OptimizerSpec.builder(OptimizerKind.byId(optimizer));
        if (momentum != null) {
            b.optMomentum(momentum);
        }
        if (dampening != null) {
            b.optDampening(dampening);
        }
        if (nesterov != null) {
            b.optNesterov(nesterov);
        }
        if (weightDecay != null) {
            b.optWeightDecay(weightDecay);
        }
        if (betas != null) {
            String[] parts = betas.split(",", -1);
            double[] values = new double[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) {
                    values[i] = Double.parseDouble(parts[i].strip());
                }
            } catch (NumberFormatException e) {
                values = new double[0];
            }
            if (values.length != 2) {
                throw new BadInputException("--betas = " + betas + ": must be two numbers B1,B2, each in [0, 1)");
            }
            b.optBetas(values[0], values[1]);
        }
        if (eps != null) {
            b.optEps(eps);
        }
        if (alpha != null) {
            b.optAlpha(alpha);
        }
        if (centered != null) {
            b.optCentered(centered);
        }
        return b.build();
    }

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
                .optOptimizer(optimizerSpec())
                .optLoss(new LossSpec(loss == null ? null : LossKind.byId(loss), labelSmoothing, huberDelta))
                .optAccumulate(accumulate)
                .optThreads(threads)
                .optValidationLoss(valLoss)
                .optValidationBatches(valBatches)
                .optCurve(curve != null ? SweepCurve.byId(curve) : null)
                .optPrecision(Precision.byId(precision))
                .build();
    }
}
