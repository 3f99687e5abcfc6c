package dev.lrfinder.cli;

import static dev.lrfinder.cli.Cli.lrfinder;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrfinder.cli.CurveFileGenerator.Case;
import dev.lrfinder.cli.CurveFileGenerator.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} on generated curve files of every kind ({@link CurveFileGenerator}): each ends in
 * exit 0 with a recommended rate inside the curve's range, or exit 2 or 3 with at most 3 lines on
 * stderr (exit 2 naming the file), the report folder holding a whole set or its previous one;
 * never exit 1, a stack trace or a hang. In-process, through the same command line as {@code Main}.
 */
class AnalyzeFuzzTest {
    /** Change it to explore; a failure message names the seed, kind and number to replay. */
    static final long SEED = 20_261_201L;
    /** Cases per kind: 300 files and more. */
    static final int PER_KIND = 10;
    /**
     * Past this an invocation counts as hung. The slowest, 5,000 points with plots, takes about a
     * second on a quiet machine; one took over 60 s while eight builds shared two cores.
     */
    static final long HANG_SECONDS = 300;
    private static final Set<String> SET = Set.of("curves.csv", "plot.png", "plot.svg", "report.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyKindOfCurveFileEndsInAnAnswerOrOneClearLine() throws Exception {
        int cases = check(EnumSet.allOf(Kind.class));
        assertTrue(cases >= 300, "at least 300 files: " + cases);
    }

    /** Runs every case of {@code kinds}, fails listing every case that ended badly; returns the cases run. */
    private int check(Set<Kind> kinds) throws Exception {
        Map<Kind, Map<Integer, Integer>> exits = new EnumMap<>(Kind.class);
        List<String> failures = run(kinds, exits);
        System.out.println("analyze fuzz, seed " + SEED + ", exit codes by kind: " + exits);
        int cases = exits.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases failed (seed " + SEED + "):\n"
                + String.join("\n", failures));
        return cases;
    }

    /** Runs every case of {@code kinds}; returns one line per failed case. */
    List<String> run(Set<Kind> kinds, Map<Kind, Map<Integer, Integer>> exits) throws Exception {
        CurveFileGenerator generator = new CurveFileGenerator(Files.createDirectories(dir.resolve("in")), SEED);
        Path out = dir.resolve("out");
        List<String> failures = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "analyze-fuzz");
            t.setDaemon(true); // a hung invocation must not keep the test JVM alive
            return t;
        });
        try {
            for (Kind kind : kinds) {
                for (int n = 0; n < PER_KIND; n++) {
                    Case c = generator.generate(kind, n);
                    Map<String, Integer> before = Cli.contents(out);
                    List<String> args = new ArrayList<>(List.of("analyze"));
                    args.addAll(c.options());
                    c.files().forEach(f -> args.add(f.toString()));
                    args.addAll(List.of("--out", out.toString()));
                    Future<Cli.Run> running = worker.submit(() -> lrfinder(args.toArray(String[]::new)));
                    Cli.Run result;
                    try {
                        result = running.get(HANG_SECONDS, TimeUnit.SECONDS);
                    } catch (TimeoutException hung) {
                        failures.add(c.describe() + ": no answer after " + HANG_SECONDS + " s (hung)");
                        return failures; // the hung thread holds the worker: stop here
                    }
                    exits.computeIfAbsent(kind, k -> new TreeMap<>()).merge(result.code(), 1, Integer::sum);
                    String problem = problem(c, result, out, before);
                    if (problem != null) {
                        failures.add(c.describe() + ": " + problem);
                        keep(c);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return failures;
    }

    /** With -Dlrfinder.fuzz.keep=DIR, a failed case's files are copied there to replay by hand. */
    private static void keep(Case c) throws IOException {
        String keep = System.getProperty("lrfinder.fuzz.keep");
        if (keep != null) {
            Path to = Files.createDirectories(Path.of(keep));
            for (Path f : c.files()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** What is wrong with how the case ended, or null. */
    private String problem(Case c, Cli.Run run, Path out, Map<String, Integer> before) throws IOException {
        String err = run.err();
        if (err.contains("\tat ") || err.contains("internal error")) {
            return "exit " + run.code() + " with a stack trace or internal error: " + firstLines(err);
        }
        if (err.lines().count() > 3) {
            return "exit " + run.code() + " with " + err.lines().count() + " lines on stderr: " + firstLines(err);
        }
        try (Stream<Path> left = Files.list(dir)) {
            List<String> leftovers = left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            if (!leftovers.isEmpty()) {
                return "left beside the report folder: " + leftovers;
            }
        }
        switch (run.code()) {
            case 0, 3 -> {
                Map<String, Integer> now = Cli.contents(out);
                if (!now.keySet().equals(SET)) {
                    return "exit " + run.code() + " but the folder holds " + now.keySet();
                }
                if (run.code() == 3) {
                    return null;
                }
                JsonNode lr = JSON.readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation/lr");
                if (!lr.isNumber()) {
                    return "exit 0 without a recommended rate: " + firstLines(run.out());
                }
                // The target's rule multiplies its method's answer (steep x0.316): the range moves with it.
                double factor = JSON.readTree(out.resolve("report.json").toFile()).at("/aggregate/recommendation/rule/factor")
                        .asDouble(1);
                double rate = lr.doubleValue();
                double slack = 1e-12 * Math.abs(c.lrHigh());
                if (!(rate >= c.lrLow() * Math.min(1, factor) * (1 - 1e-12) - slack
                        && rate <= c.lrHigh() * Math.max(1, factor) * (1 + 1e-12) + slack)) {
                    return "exit 0 with a rate " + rate + " outside the curve's range [" + c.lrLow() + ", " + c.lrHigh() + "]";
                }
                return null;
            }
            case 2 -> {
                String line = run.firstErrLine();
                boolean aboutAFile = c.files().stream().anyMatch(f -> line.startsWith("lrfinder: " + f));
                if (!aboutAFile && !line.startsWith("lrfinder: --")) {
                    return "exit 2 not about the file or an option: " + line;
                }
                if (!Cli.contents(out).equals(before)) {
                    return "exit 2 but the report folder changed";
                }
                return null;
            }
            default -> {
                return "exit " + run.code() + ": " + firstLines(err);
            }
        }
    }

    private static String firstLines(String text) {
        return String.join(" | ", text.lines().limit(3).toList());
    }
}
