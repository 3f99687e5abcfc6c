package dev.lrfinder.analysis;

import dev.lrfinder.base.Checks;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verified rate: a bounded search by fits scored on validation data, from the range tests'
 * bracket to the rate that trains best for the training the user will run.
 *
 * <ol>
 *   <li><b>Scan.</b> {@link Builder#optScanRates} short fits evenly spaced in log rate over the
 *       bracket: a decade each side of the recommendation, widened to every run's answer.
 *   <li><b>Extend.</b> While an end of the scan is the best, or within {@link
 *       Verification#GOOD_RANGE_TOLERANCE} of it, one more short fit a step past it, until the
 *       loss turns up or fits diverge, the bounds ({@code lrMin}, {@code lrMax}) or the budget.
 *   <li><b>Refine.</b> Short fits halfway between the best and its neighbours.
 *   <li><b>Final.</b> The best short rate and a scan spacing each side fitted again, longer
 *       (successive halving: short fits rank many rates, long ones decide among the few left), at
 *       the training's horizon when the budget allows; moved along while the best is at their edge
 *       and the budget lasts. The verified rate is the vertex of the parabola through log(loss)
 *       against log rate at the best and its neighbours; with the best at an end and no budget left
 *       to follow it, the vertex of that end's three, up to half a spacing past it ({@link
 *       #pastTheEdge}).
 *   <li><b>Horizon.</b> When the final fits are shorter than the horizon, the best rate's trend
 *       is measured between the two fit lengths (short and final) and extrapolated, linear in log
 *       rate against log steps, to the horizon; by at most {@link #MAX_HORIZON_SHIFT_DECADES}. With
 *       only one fit length affordable, or the long fits' best itself past their edge, nothing is
 *       extrapolated and the trail says so.
 *   <li><b>Margin.</b> The answer stays {@link #DIVERGENCE_MARGIN_DECADES} below the lowest rate at
 *       which any fit diverged, and halfway below the long fits' best when the long fit above it
 *       diverged.
 * </ol>
 *
 * <p>Half the budget is planned for the final fits (at most the horizon each), the rest for the
 * short ones, which are a quarter of the horizon long (at least {@link #MIN_FIT_STEPS}). What the
 * short fits leave is shared by the final fits and one more, so that the long fits can follow their
 * best one spacing past their edge: on the real-data evidence (docs/evidence/real-data.md) the long
 * fits' best lies up to a decade below the short fits' on small tasks that overfit, and three final
 * fits at the whole horizon with nothing left to follow them (the scan cut to 33 steps to afford
 * them) answered a decade too high on one of them (regret 3.4). The fits of one stage
 * run as one batch, which {@link Fits} may run in parallel. Pure arithmetic over what {@link Fits}
 * returns: the same losses give the same answer.
 */
public final class VerificationSearch {
    /**
     * The verification's optimizer steps at most this many times the range tests' (runs x steps):
     * on the default task that keeps {@code find} within 2.5x the time of {@code --no-verify}.
     * Raise it ({@code --verify-budget}) when the training is long and the final fits should run
     * its whole length.
     */
    public static final double DEFAULT_BUDGET = 4;
    /**
     * The horizon when the training's length is not given. On the real-data tasks (whole budgets
     * of 300-600 steps, docs/evidence/real-data.md) a default of 300 put 7 of 9 answers within 10%
     * of the grid's best for a constant rate and 7 of 9 for OneCycle (worst regret 0.32 and 0.39);
     * 200 gave 3 and 9 of 9 (worst 0.40), 400 gave 6 and 7. Give the real length ({@code
     * --train-steps}, {@code --epochs}) rather than change it.
     */
    public static final int DEFAULT_HORIZON_STEPS = 300;
    /** Scanning fits over the range tests' bracket: a best point and two neighbours each side. */
    public static final int DEFAULT_SCAN_RATES = 5;
    /** Long fits at the end: the best short rate and its two neighbours, enough for a parabola. */
    public static final int FINAL_FITS = 3;
    /** No fit shorter: fewer steps say little about a rate's training. */
    public static final int MIN_FIT_STEPS = 20;
    /**
     * The most a horizon correction moves the rate, in decades: an extrapolation further than its
     * measurement (often x10 in steps from a x3 measurement) must not run away on noise.
     */
    public static final double MAX_HORIZON_SHIFT_DECADES = 0.5;

    /**
     * The answer stays at least this many decades below the lowest rate at which any fit diverged:
     * whether a rate that close to divergence trains depends on the seed (batch order), and one
     * diverged run of the user's costs more than the few percent a slightly lower rate gives up
     * (real-data evidence: boston, where 1 of 3 seeds diverged a quarter decade above the best). Half
     * a decade held shuttle's answer at half its best rate there.
     */
    public static final double DIVERGENCE_MARGIN_DECADES = 0.25;

    /** Fits at several rates, each of the same steps from the same start, scored on validation data. */
    @FunctionalInterface
    public interface Fits {
        /** The validation loss after a fit of {@code steps} steps at each of {@code lrs}; +infinity where it diverged. */
        double[] fit(double[] lrs, int steps);
    }

    private final Fits fits;
    private final TrainingSchedule schedule;
    private final String validation;
    private final int budgetSteps;
    private final int trainSteps;
    private final double logMin;
    private final double logMax;
    private final int scanRates;
    private final List<SearchTrail.Fit> trail = new ArrayList<>();
    private int spent;

    private VerificationSearch(Builder b) {
        this.fits = b.fits;
        this.schedule = b.schedule;
        this.validation = b.validation;
        this.budgetSteps = b.budgetSteps;
        this.trainSteps = b.trainSteps;
        this.logMin = Math.log10(b.lrMin);
        this.logMax = Math.log10(b.lrMax);
        this.scanRates = b.scanRates;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Searches from {@code recommended}, the range tests' answer, and the runs' answers' spread
     * ({@code runsLow} to {@code runsHigh}, NaN when unknown). Call once.
     */
    public Verification search(double recommended, double runsLow, double runsHigh) {
        Checks.positive("recommended", recommended);
        long start = System.nanoTime();
        double center = clamp(Math.log10(recommended));
        double lo = center - Verification.DEFAULT_HALF_WIDTH_DECADES;
        double hi = center + Verification.DEFAULT_HALF_WIDTH_DECADES;
        if (runsLow > 0 && Double.isFinite(runsLow)) {
            lo = Math.min(lo, Math.log10(runsLow));
        }
        if (runsHigh > 0 && Double.isFinite(runsHigh)) {
            hi = Math.max(hi, Math.log10(runsHigh));
        }
        lo = clamp(lo);
        hi = clamp(hi);
        double spacing = (hi - lo) / (scanRates - 1);

        int shortFits = scanRates + 4; // the scan, an extension and a refinement each side
        int finalSteps = Math.min(trainSteps, Math.max(MIN_FIT_STEPS, budgetSteps / 2 / FINAL_FITS));
        int shortBudget = budgetSteps - FINAL_FITS * finalSteps;
        int shortSteps = Math.min(finalSteps, Math.max(MIN_FIT_STEPS,
                Math.min((trainSteps + 3) / 4, shortBudget / shortFits)));
        boolean twoLengths = finalSteps >= 2 * shortSteps;
        if (!twoLengths) {
            finalSteps = 0;
            shortSteps = Math.min(trainSteps, Math.max(MIN_FIT_STEPS, budgetSteps / shortFits));
        }
        int reserve = FINAL_FITS * finalSteps;

        TreeMap<Double, Double> level = new TreeMap<>();
        double[] scan = new double[scanRates];
        for (int i = 0; i < scanRates; i++) {
            scan[i] = lo + spacing * i;
        }
        fit(level, scan, shortSteps, "scan");
        // Nothing trained: the bracket is too high for this schedule; step down.
        while (level.values().stream().noneMatch(Double::isFinite) && level.firstKey() - spacing >= logMin - 1e-9
                && spent + shortSteps + reserve <= budgetSteps) {
            fit(level, new double[] {level.firstKey() - spacing}, shortSteps, "extend");
        }
        if (level.values().stream().noneMatch(Double::isFinite)) {
            String why = "every fit diverged, down to lr " + PreparedCurve.fmt(Math.pow(10, level.firstKey()))
                    + ": the range tests' answer is too high for " + schedule.description();
            return Verification.of(schedule, shortSteps, rates(level), losses(level), seconds(start), validation)
                    .searched(Double.NaN, Double.NaN, Double.NaN, false, false, seconds(start),
                            new SearchTrail(recommended, trail, budgetSteps, spent, trainSteps, shortSteps, Double.NaN,
                                    Double.NaN, 0, "", shortSteps, null, null, why));
        }

        String whyBelow = null;
        String whyAbove = null;
        while (true) {
            double limit = best(level).getValue() * (1 + Verification.GOOD_RANGE_TOLERANCE);
            List<Double> next = new ArrayList<>();
            whyAbove = null;
            whyBelow = null;
            if (level.lastEntry().getValue() <= limit) {
                double x = level.lastKey() + spacing;
                if (x > logMax + 1e-9) {
                    whyAbove = "lr-max";
                } else if (spent + (next.size() + 1) * shortSteps + reserve > budgetSteps) {
                    whyAbove = "budget";
                } else {
                    next.add(x);
                }
            }
            if (level.firstEntry().getValue() <= limit) {
                double x = level.firstKey() - spacing;
                if (x < logMin - 1e-9) {
                    whyBelow = "lr-min";
                } else if (spent + (next.size() + 1) * shortSteps + reserve > budgetSteps) {
                    whyBelow = "budget";
                } else {
                    next.add(x);
                }
            }
            if (next.isEmpty()) {
                break;
            }
            fit(level, next.stream().mapToDouble(Double::doubleValue).toArray(), shortSteps, "extend");
        }

        List<Double> refine = new ArrayList<>();
        double bestKey = best(level).getKey();
        for (double x : new double[] {bestKey - spacing / 2, bestKey + spacing / 2}) {
            if (x >= logMin - 1e-9 && x <= logMax + 1e-9 && level.subMap(x - spacing / 4, x + spacing / 4).isEmpty()
                    && spent + (refine.size() + 1) * shortSteps + reserve <= budgetSteps) {
                refine.add(x);
            }
        }
        if (!refine.isEmpty()) {
            fit(level, refine.stream().mapToDouble(Double::doubleValue).toArray(), shortSteps, "refine");
        }
        Verification shortVerdict = Verification.of(schedule, shortSteps, rates(level), losses(level), 0, validation);
        double shortBest = shortVerdict.verifiedLr();

        Verification verdict = shortVerdict;
        if (twoLengths) {
            finalSteps = Math.min(trainSteps, (budgetSteps - spent) / (FINAL_FITS + 1));
            // The best short rate and a scan spacing each side, not the refined neighbours: the long
            // fits' best is often half a decade or more from the short fits' (lower on small tasks
            // that overfit): a wide triple sees that, and following its edge reaches further.
            double centre = Math.max(logMin + spacing, Math.min(logMax - spacing, best(level).getKey()));
            TreeMap<Double, Double> last = new TreeMap<>();
            double[] chosen = {centre - spacing, centre, centre + spacing};
            for (int i = 0; i < chosen.length; i++) {
                chosen[i] = clamp(chosen[i]);
            }
            fit(last, chosen, finalSteps, "final");
            // The long fits' best at their edge: follow it while the budget lasts.
            while (last.size() >= 2 && spent + finalSteps <= budgetSteps) {
                Map.Entry<Double, Double> top = best(last);
                double x;
                if (top == null) {
                    break; // every final fit diverged: the margin below divergence decides
                } else if (top.getKey().equals(last.lastKey())) {
                    x = last.lastKey() + (last.lastKey() - last.lowerKey(last.lastKey()));
                } else if (top.getKey().equals(last.firstKey())) {
                    x = last.firstKey() - (last.higherKey(last.firstKey()) - last.firstKey());
                } else {
                    break;
                }
                if (x > logMax + 1e-9 || x < logMin - 1e-9) {
                    break;
                }
                fit(last, new double[] {x}, finalSteps, "final");
            }
            if (last.values().stream().anyMatch(Double::isFinite)) {
                verdict = Verification.of(schedule, finalSteps, rates(last), losses(last), 0, validation);
            }
        }
        int fitLength = verdict.steps();
        double fitBest = verdict != shortVerdict ? Math.pow(10, clamp(pastTheEdge(verdict))) : verdict.verifiedLr();
        double shift = 0;
        String horizon;
        if (fitLength >= trainSteps) {
            horizon = "fits of " + fitLength + " steps, the training's length";
        } else if (verdict != shortVerdict && fitBest != verdict.verifiedLr()) {
            // The long fits' best is itself extrapolated past their edge: a trend measured from it
            // would extrapolate an extrapolation (on ionosphere it moved the answer x0.1 too far).
            horizon = "not corrected for the training's " + trainSteps + " steps: the " + fitLength
                    + "-step fits' best lies past their edge, where no trend can be measured";
        } else if (verdict != shortVerdict && Double.isFinite(shortBest)) {
            double slope = (Math.log10(fitBest) - Math.log10(shortBest))
                    / (Math.log10(fitLength) - Math.log10(shortSteps));
            double wanted = slope * (Math.log10(trainSteps) - Math.log10(fitLength));
            shift = Math.max(-MAX_HORIZON_SHIFT_DECADES, Math.min(MAX_HORIZON_SHIFT_DECADES, wanted));
            horizon = String.format(Locale.ROOT, "the best rate moved from %s at %d-step fits to %s at %d-step fits;"
                    + " extrapolated in log rate against log steps to the training's %d steps: x%s%s",
                    PreparedCurve.fmt(shortBest), shortSteps, PreparedCurve.fmt(fitBest), fitLength, trainSteps,
                    PreparedCurve.fmt(Math.pow(10, shift)), shift != wanted ? " (held to the most it may move)" : "");
        } else {
            horizon = "not corrected for the training's " + trainSteps + " steps: the budget allowed only "
                    + fitLength + "-step fits (raise --verify-budget)";
        }
        double logVerified = clamp(Math.log10(fitBest) + shift);
        double diverged = trail.stream().filter(f -> !Double.isFinite(f.validationLoss()))
                .mapToDouble(SearchTrail.Fit::lr).min().orElse(Double.POSITIVE_INFINITY);
        if (logVerified > Math.log10(diverged) - DIVERGENCE_MARGIN_DECADES) {
            logVerified = clamp(Math.log10(diverged) - DIVERGENCE_MARGIN_DECADES);
            horizon += "; held a quarter decade below lr " + PreparedCurve.fmt(diverged) + ", where a fit diverged";
        }
        // A diverged long fit right above the long fits' best: divergence sits somewhere between
        // them and may reach the best for another seed (the user's run); halfway down to the lower
        // neighbour (real-data evidence: boston, whose best rate is a quarter decade below a rate
        // where 1 of 3 seeds diverged).
        int b = verdict.bestIndex();
        double[] rates = verdict.candidates();
        if (verdict != shortVerdict && b >= 0 && b + 1 < rates.length
                && !Double.isFinite(verdict.validationLosses()[b + 1])) {
            double below = Math.log10(rates[b]) - (Math.log10(rates[b + 1]) - Math.log10(rates[b])) / 2;
            if (logVerified > below) {
                logVerified = clamp(below);
                horizon += "; held halfway below lr " + PreparedCurve.fmt(rates[b]) + ", next to a diverged fit at "
                        + PreparedCurve.fmt(rates[b + 1]);
            }
        }
        double verified = Math.pow(10, logVerified);

        // The good range from the long fits when they close it, else from the short ones, which reach further.
        boolean longCloses = verdict != shortVerdict && !verdict.openBelow() && !verdict.openAbove()
                && verdict.goodFrom() > verdict.candidates()[0] && verdict.goodTo() < verdict.candidates()[verdict.candidates().length - 1];
        Verification range = longCloses ? verdict : shortVerdict;
        String below = range.openBelow() ? (range == shortVerdict && whyBelow != null ? whyBelow : "budget") : null;
        String above = range.openAbove() ? (range == shortVerdict && whyAbove != null ? whyAbove : "budget") : null;
        double seconds = seconds(start);
        SearchTrail searched = new SearchTrail(recommended, trail, budgetSteps, spent, trainSteps, shortSteps, shortBest,
                fitBest, shift, horizon, range.steps(), below, above, null);
        // The vertex may sit just outside the interpolated range: the range is around the answer it reports.
        return verdict.searched(verified, Math.min(range.goodFrom(), verified), Math.max(range.goodTo(), verified),
                range.openBelow(), range.openAbove(), seconds, searched);
    }

    /**
     * The final fits' answer in log10 rate. Their best at an end of theirs, with no budget left to
     * follow it, is where the short fits' bias shows (short fits favour higher rates than the whole
     * training does): the vertex of the parabola through log(loss) at that end's three fits, which
     * may lie past the end by at most half their spacing (a whole one, on nearly straight losses,
     * overshot on the real-data evidence); the end itself where the three do not
     * bend up (no minimum to extrapolate to) or one diverged. Inside, the parabola's vertex as {@link
     * Verification#of} gives it.
     */
    static double pastTheEdge(Verification verdict) {
        double[] x = Arrays.stream(verdict.candidates()).map(Math::log10).toArray();
        double[] y = verdict.validationLosses();
        int b = verdict.bestIndex();
        int k = x.length;
        if (k < 3 || (b != 0 && b != k - 1)) {
            return Math.log10(verdict.verifiedLr());
        }
        int from = b == 0 ? 0 : k - 3;
        for (int i = from; i < from + 3; i++) {
            if (!Double.isFinite(y[i])) {
                return x[b];
            }
        }
        double x0 = x[from], x1 = x[from + 1], x2 = x[from + 2];
        double y0 = Math.log(y[from]), y1 = Math.log(y[from + 1]), y2 = Math.log(y[from + 2]);
        double denominator = (x0 - x1) * (x0 - x2) * (x1 - x2);
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denominator;
        double c = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denominator;
        if (!(a > 0)) {
            return x[b];
        }
        double vertex = -c / (2 * a);
        return b == 0 ? Math.max(x0 - (x1 - x0) / 2, Math.min(x0, vertex))
                : Math.min(x2 + (x2 - x1) / 2, Math.max(x2, vertex));
    }

    private void fit(TreeMap<Double, Double> level, double[] logLrs, int steps, String stage) {
        double[] lrs = new double[logLrs.length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = Math.pow(10, logLrs[i]);
        }
        double[] losses = fits.fit(lrs, steps);
        for (int i = 0; i < lrs.length; i++) {
            double loss = Double.isFinite(losses[i]) ? losses[i] : Double.POSITIVE_INFINITY;
            level.put(logLrs[i], loss);
            trail.add(new SearchTrail.Fit(lrs[i], steps, loss, stage));
            spent += steps;
        }
    }

    private static Map.Entry<Double, Double> best(TreeMap<Double, Double> level) {
        Map.Entry<Double, Double> best = null;
        for (Map.Entry<Double, Double> e : level.entrySet()) {
            if (Double.isFinite(e.getValue()) && (best == null || e.getValue() < best.getValue())) {
                best = e;
            }
        }
        return best;
    }

    private static double[] rates(TreeMap<Double, Double> level) {
        return level.keySet().stream().mapToDouble(x -> Math.pow(10, x)).toArray();
    }

    private static double[] losses(TreeMap<Double, Double> level) {
        return level.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double clamp(double logLr) {
        return Math.max(logMin, Math.min(logMax, logLr));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** What to search with and within; {@link #build()} checks it. */
    public static final class Builder {
        private Fits fits;
        private TrainingSchedule schedule;
        private String validation = "validation data";
        private int budgetSteps;
        private int trainSteps = DEFAULT_HORIZON_STEPS;
        private double lrMin = 1e-7;
        private double lrMax = 10;
        private int scanRates = DEFAULT_SCAN_RATES;

        Builder() {}

        /** How a batch of fits runs (in parallel or not) and scores. */
        public Builder setFits(Fits fits) {
            this.fits = fits;
            return this;
        }

        /** The schedule every fit runs under, its rate the candidate. */
        public Builder setSchedule(TrainingSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** The most optimizer steps all fits together may take, e.g. {@link #DEFAULT_BUDGET} x the range tests'. */
        public Builder setBudgetSteps(int budgetSteps) {
            this.budgetSteps = budgetSteps;
            return this;
        }

        /** How long the real training runs, in optimizer steps; {@link #DEFAULT_HORIZON_STEPS} by default. */
        public Builder optTrainSteps(int trainSteps) {
            this.trainSteps = trainSteps;
            return this;
        }

        /** No fit below {@code lrMin} or above {@code lrMax}: the range tests' sweep bounds. */
        public Builder optLrBounds(double lrMin, double lrMax) {
            this.lrMin = lrMin;
            this.lrMax = lrMax;
            return this;
        }

        /** Scanning fits over the bracket; {@link #DEFAULT_SCAN_RATES} by default. */
        public Builder optScanRates(int scanRates) {
            this.scanRates = scanRates;
            return this;
        }

        /** What the fits are scored on, in words. */
        public Builder optValidation(String validation) {
            this.validation = validation;
            return this;
        }

        public VerificationSearch build() {
            if (fits == null) {
                throw Checks.invalid("fits", null, "a Fits");
            }
            if (schedule == null) {
                throw Checks.invalid("schedule", null, "a TrainingSchedule");
            }
            if (validation == null) {
                throw Checks.invalid("validation", null, "what the fits are scored on, in words");
            }
            Checks.inRange("trainSteps", trainSteps, 1, Integer.MAX_VALUE / 4);
            Checks.inRange("scanRates", scanRates, 3, 100);
            Checks.inRange("budgetSteps", budgetSteps, (scanRates + 4) * MIN_FIT_STEPS, Integer.MAX_VALUE / 4);
            Checks.positive("lrMin", lrMin);
            if (!(lrMax > lrMin) || !Double.isFinite(lrMax)) {
                throw Checks.invalid("lrMax", lrMax, "a finite rate above lrMin (" + lrMin + ")");
            }
            return new VerificationSearch(this);
        }
    }
}
