package dev.lrfinder.cli;

import dev.lrfinder.sweep.ScheduleOptions;
import dev.lrfinder.sweep.SweepConfig;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The knobs of the {@code --for} schedule that fits of a rate run under: torch's {@code OneCycleLR}
 * arguments (defaults torch's), and a linear warm-up for {@code cosine} and {@code constant}. Each
 * value is checked as typed, one line naming the option; a knob of another schedule is refused.
 */
final class ScheduleFlags {
    @Option(names = "--pct-start", paramLabel = "P",
            description = "onecycle: the share of the steps spent raising the rate, in [0, 1] (torch's pct_start;"
                    + " default: 0.3).")
    String pctStart;

    @Option(names = "--div-factor", paramLabel = "F",
            description = "onecycle: the first rate is max_lr / F, F > 0 (torch's div_factor; default: 25).")
    String divFactor;

    @Option(names = "--final-div-factor", paramLabel = "F",
            description = "onecycle: the last rate is max_lr / (div-factor * F), F > 0 (torch's final_div_factor;"
                    + " default: 1e4).")
    String finalDivFactor;

    @Option(names = "--cycle-momentum", negatable = true,
            description = "onecycle: cycle the momentum (adam's and adamw's beta1) between --max-momentum and"
                    + " --base-momentum against the rate, as torch's OneCycleLR does by default; for plain sgd this turns"
                    + " momentum on (--no-cycle-momentum: leave the optimizer's own).")
    Boolean cycleMomentum;

    @Option(names = "--base-momentum", paramLabel = "M",
            description = "onecycle: the momentum at the peak rate, in [0, 1) (torch's base_momentum; default: 0.85).")
    String baseMomentum;

    @Option(names = "--max-momentum", paramLabel = "M",
            description = "onecycle: the momentum at the first and last step, in [0, 1) (torch's max_momentum;"
                    + " default: 0.95).")
    String maxMomentum;

    @Option(names = "--three-phase",
            description = "onecycle: come back down to the first rate as it went up, then anneal (torch's three_phase).")
    Boolean threePhase;

    @Option(names = "--warmup-steps", paramLabel = "N|P%",
            description = "cosine and constant: a linear warm-up from 0 over the first N steps of each fit, or P%% of"
                    + " them (default: none).")
    String warmupSteps;

    /**
     * {@code config} with the knobs given for {@code target}: torch's defaults for those not given.
     *
     * @throws BadInputException naming the first bad option as typed, or a knob {@code target} has not
     */
    SweepConfig applyTo(SweepConfig config, TrainingSchedule target) {
        ScheduleOptions.Builder b = config.scheduleOptions().toBuilder();
        List<String> oneCycleKnobs = new ArrayList<>();
        if (pctStart != null) {
            b.optPctStart(number("--pct-start", pctStart, 0, 1, true, "a number in [0, 1]"));
            oneCycleKnobs.add("--pct-start = " + pctStart);
        }
        if (divFactor != null) {
            b.optDivFactor(factor("--div-factor", divFactor));
            oneCycleKnobs.add("--div-factor = " + divFactor);
        }
        if (finalDivFactor != null) {
            b.optFinalDivFactor(factor("--final-div-factor", finalDivFactor));
            oneCycleKnobs.add("--final-div-factor = " + finalDivFactor);
        }
        if (cycleMomentum != null) {
            b.optCycleMomentum(cycleMomentum);
            oneCycleKnobs.add(cycleMomentum ? "--cycle-momentum" : "--no-cycle-momentum");
        }
        if (baseMomentum != null) {
            b.optBaseMomentum(number("--base-momentum", baseMomentum, 0, 1, false, "a number in [0, 1)"));
            oneCycleKnobs.add("--base-momentum = " + baseMomentum);
        }
        if (maxMomentum != null) {
            b.optMaxMomentum(number("--max-momentum", maxMomentum, 0, 1, false, "a number in [0, 1)"));
            oneCycleKnobs.add("--max-momentum = " + maxMomentum);
        }
        if (threePhase != null) {
            b.optThreePhase(threePhase);
            oneCycleKnobs.add("--three-phase");
        }
        if (!oneCycleKnobs.isEmpty() && target != TrainingSchedule.ONE_CYCLE) {
            throw new BadInputException(oneCycleKnobs.getFirst() + ": only for --for onecycle (the rate is for "
                    + target.id() + "; its warm-up is --warmup-steps)");
        }
        if (Boolean.FALSE.equals(cycleMomentum) && (baseMomentum != null || maxMomentum != null)) {
            throw new BadInputException((baseMomentum != null ? "--base-momentum = " + baseMomentum
                    : "--max-momentum = " + maxMomentum) + ": only with momentum cycling (drop --no-cycle-momentum)");
        }
        if (warmupSteps != null) {
            if (target == TrainingSchedule.ONE_CYCLE) {
                throw new BadInputException("--warmup-steps = " + warmupSteps
                        + ": only for --for cosine or constant (onecycle warms up over --pct-start of the steps)");
            }
            warmup(b, warmupSteps.strip());
        }
        return config.toBuilder().optScheduleOptions(b.build()).build();
    }

    /** {@code N} steps, or {@code P%} of each fit's steps. */
    private static void warmup(ScheduleOptions.Builder b, String value) {
        String allowed = "a whole number of steps >= 0, or a share of the steps such as 10% (under 100%)";
        if (value.endsWith("%")) {
            double percent = number("--warmup-steps", value, value.substring(0, value.length() - 1), 0, 100, false,
                    allowed);
            b.optWarmupShare(percent / 100);
            return;
        }
        try {
            int steps = Integer.parseInt(value);
            if (steps < 0 || steps > SweepConfig.MAX_STEPS) {
                throw new BadInputException("--warmup-steps = " + value + ": must be " + allowed);
            }
            b.optWarmupSteps(steps);
        } catch (NumberFormatException e) {
            throw new BadInputException("--warmup-steps = " + value + ": must be " + allowed);
        }
    }

    private static double factor(String option, String typed) {
        return number(option, typed, 0, Double.POSITIVE_INFINITY, false, "a finite number > 0");
    }

    private static double number(String option, String typed, double min, double max, boolean maxIncluded,
            String allowed) {
        return number(option, typed, typed, min, max, maxIncluded, allowed);
    }

    /** {@code text} (what {@code typed} holds) as a number in the range; {@code option = typed: must be allowed} otherwise. */
    private static double number(String option, String typed, String text, double min, double max, boolean maxIncluded,
            String allowed) {
        double value;
        try {
            value = Double.parseDouble(text.strip().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " = " + typed + ": must be " + allowed);
        }
        boolean inRange = Double.isFinite(value) && value >= min && (maxIncluded ? value <= max : value < max)
                && !(min == 0 && max == Double.POSITIVE_INFINITY && value == 0);
        if (!inRange) {
            throw new BadInputException(option + " = " + typed + ": must be " + allowed);
        }
        return value;
    }
}
