package dev.lrfinder.cli;

import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.AnalysisResult;
import dev.lrfinder.analysis.Compat;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.analysis.Method;
import dev.lrfinder.base.Timeline;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.CurveFiles;
import dev.lrfinder.report.RecordedCurve;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportContext;
import dev.lrfinder.report.ReportFolder;
import dev.lrfinder.sweep.DivergenceRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lrfinder analyze FILE...}: read curves recorded by any tool, suggest and aggregate. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Analyze range-test curves recorded by any tool: the same suggestions, summary, report and",
            "plots as find. Several files (or a file holding several runs) are aggregated as runs."
        },
        footer = {
            "",
            "Inputs, told apart by their content:",
            "  CSV with a header naming lr and loss (other columns ignored; a run column splits runs)",
            "  JSON {\"lr\": [...], \"loss\": [...]}: Lightning's lr_finder.results, torch-lr-finder's history",
            "    (the tools' smoothed losses: --compat TOOL reads them as the tool does; --losses TOOL un-smooths)",
            "  lrfinder's own report.json and curves.csv (every run in them)",
            "",
            "Examples:",
            "  lrfinder analyze --losses torch-lr-finder history.json   a torch-lr-finder history dump",
            "  some-tool | lrfinder analyze -                  a curve on standard input",
            "  lrfinder analyze --compat fastai run1.csv run2.csv",
            "  lrfinder analyze --compat lightning --steps 100 lr_find.json",
            "  lrfinder analyze lrfinder-runs/20260101-120000/curves.csv --smoothing robust",
            "",
            "Exit codes: 0 success, 2 bad usage or input, 3 no suggestion in any run, 1 internal error."
        })
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigProfile profile;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Curve files: CSV or JSON; - reads standard input.")
    List<Path> files;

    @Option(names = "--compat", paramLabel = "TOOL",
            description = "Read the curves as fastai, lightning or torch-lr-finder does: its smoothing, divergence"
                    + " stop, trimming and suggestions, to get that tool's numbers.")
    String compat;

    @Option(names = "--steps", paramLabel = "N",
            description = "Steps the sweep was asked for (fastai's num_it, Lightning's num_training, torch-lr-finder's"
                    + " num_iter), which --compat trims by (default: lrfinder's report says; else the points in the file).")
    Integer steps;

    @Option(names = "--losses", paramLabel = "KIND",
            description = "What the files' losses are: raw (each step's own loss), smoothed (as the --compat tool"
                    + " recorded them), or the tool whose smoothed loss they are: fastai, lightning, torch-lr-finder."
                    + " Default: the format tells: lrfinder's files are raw; JSON {lr, loss} (Lightning's results,"
                    + " torch-lr-finder's history) is smoothed; another CSV is the --compat tool's export, else raw.")
    String losses;

    @Option(names = "--divergence", paramLabel = "X|none",
            description = "Cut each curve where a sweep's divergence stop would have stopped it: where the smoothed loss"
                    + " passes X times its best, as find's sweeps stop (default: ${DEFAULT-VALUE}); none keeps every"
                    + " point up to the first non-finite loss.")
    String divergence = "4";

    @Mixin
    AnalysisFlags analysisFlags;

    @Mixin
    OutputOptions output;

    /** The FILE that stands for standard input, as for Unix tools. */
    static final String STDIN = "-";
    /** How reports and messages name standard input. */
    static final String STDIN_NAME = "stdin";

    @Override
    public Integer call() throws Exception {
        Timeline.mark("options parsed");
        Path profileFile = profile.applyTo(spec);
        Compat tool = null;
        boolean divergenceSet = spec.commandLine().getParseResult().hasMatchedOption("--divergence");
        if (compat != null) {
            tool = Compat.byName(compat);
            if (analysisFlags.isSet() || divergenceSet) {
                throw new BadInputException((analysisFlags.smoothing != null ? "--smoothing"
                        : analysisFlags.methods != null ? "--methods" : "--divergence")
                        + " cannot be combined with --compat " + tool.id() + ", which reads the curve with "
                        + tool.id() + "'s own smoothing, stop and rules");
            }
        }
        if (steps != null && steps < 1) {
            throw new BadInputException("--steps = " + steps + ": must be at least 1");
        }
        AnalysisOptions options = analysisFlags.toOptions().toBuilder().optDivergence(DivergenceRule.parse(divergence)).build();
        ReportFolder.check(output.out);

        Compat lossesBy = lossesOption(tool);

        // Every file is read and checked before anything is analysed or written.
        List<RecordedCurve> curves = new ArrayList<>();
        for (Path file : files) {
            curves.addAll(file.toString().equals(STDIN) ? CurveFiles.read(System.in, STDIN_NAME) : CurveFiles.read(file));
        }
        // A file given twice is two runs, named apart: u.csv and u.csv (2).
        List<String> sources = AnalyzedRun.uniqueSources(curves.stream().map(RecordedCurve::source).toList());
        List<AnalyzedRun> runs = new ArrayList<>();
        for (int c = 0; c < curves.size(); c++) {
            RecordedCurve curve = curves.get(c);
            Compat recordedBy = recordedBy(curve, tool, lossesBy);
            AnalysisResult analysis;
            double[] rawLosses;
            try {
                rawLosses = recordedBy != null ? recordedBy.unsmooth(curve.losses()) : curve.losses();
                if (tool != null) {
                    int requested = steps != null ? steps : curve.requestedSteps() > 0 ? curve.requestedSteps() : curve.lrs().length;
                    // The tool's own recording is read as the tool reads it, not smoothed and stopped a second time.
                    analysis = recordedBy == tool ? tool.analyzeRecorded(curve.lrs(), curve.losses(), requested)
                            : tool.analyze(curve.lrs(), rawLosses, requested);
                } else {
                    analysis = CurveAnalysis.analyze(curve.lrs(), rawLosses, options);
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException(curve.source() + ": " + e.getMessage(), e);
            }
            if (recordedBy != null && recordedBy != tool) {
                analysis = withNote(analysis, "the losses are " + recordedBy.id() + "'s smoothed ones, un-smoothed with its"
                        + " own beta and debiasing; the curve ends where " + recordedBy.id() + " stopped the sweep");
            }
            runs.add(AnalyzedRun.ofCurve(sources.get(c), curve.lrs(), rawLosses, analysis));
        }
        if (tool != null) {
            // The tool's own rules and default: what its pipeline answered with.
            AnalysisResult first = runs.get(0).analysis();
            options = AnalysisOptions.builder()
                    .optMethods(first.suggestions().keySet())
                    .optDefaultMethod(first.defaultMethod())
                    .build();
        }
        List<String> inputs = files.stream().map(f -> f.toString().equals(STDIN) ? STDIN_NAME : f.toString()).toList();
        String subject = (curves.size() == 1 ? "1 curve" : curves.size() + " curves") + " from " + String.join(", ", inputs);
        ReportContext context = new ReportContext("analyze", subject, null,
                tool != null ? tool.id() : CurveAnalysis.PIPELINE, tool != null ? null : options.smoothing().id(),
                List.<Method>copyOf(options.methods()), options.defaultMethod(),
                profileFile != null ? profileFile.toString() : null, inputs);
        return Reports.deliver(spec, output, Report.of(context, runs, options));
    }

    /** {@code --losses}: null for raw, else whose smoothed losses; absent: null, decided per file. */
    private Compat lossesOption(Compat tool) {
        if (losses == null || losses.equalsIgnoreCase("raw")) {
            return null;
        }
        if (losses.equalsIgnoreCase("smoothed")) {
            if (tool == null) {
                throw new BadInputException("--losses smoothed needs --compat TOOL, or name whose smoothed losses they"
                        + " are: --losses fastai, lightning or torch-lr-finder");
            }
            return tool;
        }
        try {
            return Compat.byName(losses);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--losses = " + losses + ": must be one of raw, smoothed, "
                    + String.join(", ", Compat.names()), e);
        }
    }

    /** Whose smoothed losses the curve holds (null: raw), from --losses or else the file's format. */
    private Compat recordedBy(RecordedCurve curve, Compat tool, Compat lossesBy) {
        if (losses != null) {
            return lossesBy;
        }
        return switch (curve.lossKind()) {
            case RAW -> null;
            case UNSTATED -> tool;
            case SMOOTHED -> {
                if (tool == null) {
                    throw new BadInputException(curve.source() + ": holds a tool's smoothed losses (JSON {lr, loss}:"
                            + " Lightning's lr_finder.results or torch-lr-finder's history), which lrfinder un-smooths"
                            + " before reading them its own way; say whose: --losses lightning or --losses torch-lr-finder");
                }
                yield tool;
            }
        };
    }

    private static AnalysisResult withNote(AnalysisResult analysis, String note) {
        List<String> notes = new ArrayList<>();
        notes.add(note);
        notes.addAll(analysis.notes());
        return new AnalysisResult(analysis.pipeline(), analysis.lrs(), analysis.rawLosses(), analysis.smoothedLosses(),
                analysis.suggestions(), analysis.defaultMethod(), notes, analysis.inputPoints());
    }
}
