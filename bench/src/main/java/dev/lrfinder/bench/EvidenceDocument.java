package dev.lrfinder.bench;

import static dev.lrfinder.bench.RecommendationEvidence.fmt;

import dev.lrfinder.analysis.Smoothing;
import dev.lrfinder.analysis.TargetRule;
import dev.lrfinder.analysis.Verification;
import dev.lrfinder.bench.RecommendationEvidence.Measured;
import dev.lrfinder.bench.RecommendationEvidence.Rule;
import dev.lrfinder.bench.RecommendationEvidence.Stats;
import dev.lrfinder.bench.RecommendationEvidence.VerifyOutcome;
import dev.lrfinder.sweep.TrainingSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docs/evidence/recommendation.md and the README's block of its figures, from what the evidence measured. */
record EvidenceDocument(List<Measured> measured, List<Rule> rules, Map<TrainingSchedule, Rule> chosen,
        Map<TrainingSchedule, Map<Integer, VerifyOutcome>> verified, double seconds) {

    static final String README_BEGIN = "<!-- evidence-recommendation:begin -->";
    static final String README_END = "<!-- evidence-recommendation:end -->";
    /** The rules tables list this many best rules besides the anchors. */
    static final int TOP_RULES = 12;

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Which rate to recommend, for which schedule, and what verification adds\n\n");
        md.append("Made by `native-scripts/evidence-recommendation` (`dev.lrfinder.bench.RecommendationEvidence`) in ")
                .append(String.format(Locale.ROOT, "%.0f s", seconds))
                .append(" of this run (fits read back from its cache count as nothing); native backend, ")
                .append(RecommendationEvidence.PARALLEL).append(" fits at once.\n\n");
        md.append("**Method.** Each task's data are split once: ").append((int) (EvidenceTask.HOLD_OUT * 100))
                .append("% held out (seeded, stratified for classes) for validation, the rest trained on. ")
                .append(RecommendationEvidence.RANGE_RUNS).append(" range tests per task (find's defaults: lr 1e-7 to 10, ")
                .append("100 steps, exponential; the task's optimizer and batch size; seeds ")
                .append(RecommendationEvidence.RANGE_SEED).append("-")
                .append(RecommendationEvidence.RANGE_SEED + RecommendationEvidence.RANGE_RUNS - 1)
                .append("). Ground truth: fits of the task's own budget at 37 rates, 1e-8 to 10 in quarter decades, ")
                .append(RecommendationEvidence.GRID_SEEDS).append(" seeds each (")
                .append(RecommendationEvidence.GRID_SEED).append("-")
                .append(RecommendationEvidence.GRID_SEED + RecommendationEvidence.GRID_SEEDS - 1)
                .append("), under each target schedule (constant; OneCycle with the rate as max_lr and torch's defaults")
                .append(" pct_start 0.3, div_factor 25, final_div_factor 1e4, cos anneal; cosine decay to 0), scored by")
                .append(" the mean validation loss of the seeds after the last step (a seed that diverged makes the rate")
                .append(" diverged). **Regret** of a rate = its validation loss (linear in log loss against log rate")
                .append(" between grid points; the nearer point's where a neighbour diverged) / the grid's best - 1.")
                .append(" \"Within 10%\": regret <= 0.10. **Single run**: every run's own answer, over all tasks x runs;")
                .append(" **N runs**: the geometric mean of the ").append(RecommendationEvidence.RANGE_RUNS)
                .append(" runs' answers, per task; **verified**: what `--verify` does, ")
                .append(Verification.DEFAULT_CANDIDATES).append(" candidates around the N-run answer (a log grid from ")
                .append("min(answer / 10, the lowest run's) to max(answer x 10, the highest run's)), fits of ")
                .append("`--verify-steps` steps under the target schedule from the first range test's seed (its initial")
                .append(" weights and batch order), scored on the held-out rows, the best refined by a parabola in")
                .append(" log loss against log rate; its regret is read off the ground truth.\n\n");

        md.append("## Tasks\n\n| task | kind | optimizer | batch | budget (steps) |");
        for (TrainingSchedule t : RecommendationEvidence.TARGETS) {
            md.append(" best ").append(t.id()).append(" rate (val loss) |");
        }
        md.append("\n|---|---|---|---|---|").append("---|".repeat(RecommendationEvidence.TARGETS.size())).append('\n');
        for (Measured m : measured) {
            EvidenceTask t = m.task();
            md.append("| ").append(t.name()).append(" | ").append(t.kind()).append(", ").append(t.model().describe())
                    .append(" | ").append(t.optimizer().id()).append(" | ").append(t.batchSize()).append(" | ")
                    .append(t.steps()).append(" |");
            for (TrainingSchedule s : RecommendationEvidence.TARGETS) {
                md.append(' ').append(fmt(m.bestLr(s))).append(" (").append(fmt(m.best(s))).append(") |");
            }
            md.append('\n');
        }

        int oneCycleBetter = 0;
        for (Measured m : measured) {
            oneCycleBetter += m.best(TrainingSchedule.ONE_CYCLE) <= m.best(TrainingSchedule.CONSTANT) ? 1 : 0;
        }
        md.append("\nOneCycle's best validation loss is at or below the best constant rate's on ").append(oneCycleBetter)
                .append(" of ").append(measured.size()).append(" tasks.\n");
        for (TrainingSchedule target : RecommendationEvidence.TARGETS) {
            md.append("\n## Target ").append(target.id()).append(": rules\n\n");
            md.append("The ").append(TOP_RULES).append(" best of ").append(rules.size())
                    .append(" rules (7 methods x 4 smoothings x 9 factors, 0.1 to 10 in quarter decades), ranked by tasks")
                    .append(" within 10% for N runs, then the median, then the worst regret; then the other tools' rules,")
                    .append(" lrfinder's before this evidence and the engine's rule now.\n\n");
            md.append("| rule | single run: within 10% | median | worst | N runs: within 10% | median | worst |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            List<Rule> ranked = new ArrayList<>(rules);
            ranked.sort(RecommendationEvidence.ranking(measured, target));
            List<Rule> shown = new ArrayList<>(ranked.subList(0, TOP_RULES));
            shown.addAll(RecommendationEvidence.anchors());
            shown.add(RecommendationEvidence.engineRule(target));
            for (Rule r : shown) {
                Stats single = RecommendationEvidence.singleRun(measured, r, target);
                Stats multi = RecommendationEvidence.multiRun(measured, r, target);
                md.append("| ").append(r.describe()).append(" | ").append(share(single)).append(" | ")
                        .append(fmt(single.median())).append(" | ").append(fmt(single.worst())).append(" | ")
                        .append(share(multi)).append(" | ").append(fmt(multi.median())).append(" | ")
                        .append(fmt(multi.worst())).append(" |\n");
            }
            Rule best = chosen.get(target);
            // The engine's rules read the default smoothing, the curve the plot draws: the best rule on it is
            // the one to compare with.
            Rule onDefault = ranked.stream().filter(r -> r.pipeline().equals(Smoothing.DEFAULT.id())).findFirst()
                    .orElse(best);
            TargetRule engine = TargetRule.of(target);
            boolean same = onDefault.method() == engine.method() && onDefault.pipeline().equals(engine.smoothing().id())
                    && Math.abs(Math.log10(onDefault.factor() / engine.factor())) < 0.01;
            md.append("\nBest rule: **").append(best.describe()).append("**; best on the default smoothing (")
                    .append(Smoothing.DEFAULT.id()).append(", which the rules read and the plot draws): **")
                    .append(onDefault.describe()).append("**; the engine's (`TargetRule.of(")
                    .append(target.name()).append(")`): ").append(engine.describe())
                    .append(same ? " (the same as the latter)." : " (**differs**: update TargetRule or say why).").append('\n');

            md.append("\n### Verified (`--for ").append(target.id()).append(" --verify`), by `--verify-steps`\n\n");
            md.append("| --verify-steps | within 10% | median | worst | verification wall s (all tasks) | range tests wall s |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (VerifyOutcome v : verified.get(target).values()) {
                md.append("| ").append(v.steps() == 0 ? "the task's budget" : Integer.toString(v.steps())).append(" | ")
                        .append(share(v.stats())).append(" | ").append(fmt(v.stats().median())).append(" | ")
                        .append(fmt(v.stats().worst())).append(" | ").append(String.format(Locale.ROOT, "%.1f", v.fitSeconds()))
                        .append(" | ").append(String.format(Locale.ROOT, "%.1f", v.rangeSeconds())).append(" |\n");
            }
            VerifyOutcome shownSteps = verified.get(target).get(dev.lrfinder.LrFinder.DEFAULT_VERIFY_STEPS);
            if (shownSteps != null) {
                md.append("\nThe same fits (").append(shownSteps.steps()).append(" steps) read other ways:\n\n");
                md.append("| rate taken | within 10% | median | worst |\n|---|---|---|---|\n");
                for (Map.Entry<String, Stats> e : shownSteps.variants().entrySet()) {
                    md.append("| ").append(e.getKey()).append(" | ").append(share(e.getValue())).append(" | ")
                            .append(fmt(e.getValue().median())).append(" | ").append(fmt(e.getValue().worst())).append(" |\n");
                }
                md.append("\nPer task, the rule's N-run answer and the verified rate (").append(shownSteps.steps())
                        .append(" steps); regrets in brackets:\n\n");
                md.append("| task | best | rule (N runs) | verified | good range (within 10% of the best candidate) |\n");
                md.append("|---|---|---|---|---|\n");
                for (int i = 0; i < measured.size(); i++) {
                    Measured m = measured.get(i);
                    double rec = m.geometricMean(best);
                    Verification v = shownSteps.perTask().get(i);
                    md.append("| ").append(m.task().name()).append(" | ").append(fmt(m.bestLr(target))).append(" | ")
                            .append(fmt(rec)).append(" (").append(fmt(m.regret(target, rec))).append(") | ");
                    if (v == null || !v.isPresent()) {
                        md.append("none | - |\n");
                    } else {
                        md.append(fmt(v.verifiedLr())).append(" (").append(fmt(shownSteps.regrets().get(i))).append(") | ")
                                .append(fmt(v.goodFrom())).append(" - ").append(fmt(v.goodTo())).append(" |\n");
                    }
                }
            }
        }
        md.append('\n').append(figures());
        return md.toString();
    }

    /** The headline figures, the same text in the document and in the README. */
    String figures() {
        StringBuilder f = new StringBuilder();
        f.append("| target | rule | N runs: within 10% | median / worst regret | verified (")
                .append(dev.lrfinder.LrFinder.DEFAULT_VERIFY_STEPS).append(" steps): within 10% | median / worst |")
                .append(" single run: within 10% |\n|---|---|---|---|---|---|---|\n");
        for (TrainingSchedule target : RecommendationEvidence.TARGETS) {
            Rule rule = RecommendationEvidence.engineRule(target);
            Stats multi = RecommendationEvidence.multiRun(measured, rule, target);
            Stats single = RecommendationEvidence.singleRun(measured, rule, target);
            VerifyOutcome v = verified.get(target).get(dev.lrfinder.LrFinder.DEFAULT_VERIFY_STEPS);
            f.append("| ").append(target.id()).append(target == TargetRule.DEFAULT_TARGET ? " (default)" : "").append(" | ")
                    .append(TargetRule.of(target).describe()).append(" | ").append(share(multi)).append(" | ")
                    .append(fmt(multi.median())).append(" / ").append(fmt(multi.worst())).append(" | ")
                    .append(v == null ? "-" : share(v.stats())).append(" | ")
                    .append(v == null ? "-" : fmt(v.stats().median()) + " / " + fmt(v.stats().worst())).append(" | ")
                    .append(share(single)).append(" |\n");
        }
        return f.toString();
    }

    String summary() {
        return figures();
    }

    String updateReadme(String readme) {
        int begin = readme.indexOf(README_BEGIN);
        int end = readme.indexOf(README_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("README.md has no " + README_BEGIN + " ... " + README_END + " block");
        }
        return readme.substring(0, begin + README_BEGIN.length()) + "\n\n" + figures() + "\n" + readme.substring(end);
    }

    private static String share(Stats s) {
        return s.count() == 0 ? "-" : s.within() + "/" + s.count();
    }
}
