package dev.lrfinder.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Curve files of every kind a user or an adversary hands to {@code analyze}: well-formed curves of
 * all lengths and shapes, the quirks of spreadsheets and Python, and broken files. Hand-written on
 * purpose: a CSV library would not write the malformed ones. Seeded: a kind and a number always
 * give the same file.
 */
final class CurveFileGenerator {
    /** What a generated case is: one {@code analyze} invocation. */
    enum Kind {
        VALLEY, NON_FINITE_LOSSES, NEGATIVE_LOSSES, CONSTANT, MONOTONE, DUPLICATE_RATES, DECREASING_RATES,
        ZERO_AND_NEGATIVE_RATES, HUGE_VALUES, SUBNORMAL_RATES, EXTRA_COLUMNS, CRLF, BYTE_ORDER_MARK, QUOTED,
        SEMICOLONS, EMPTY_LINES, TRUNCATED_LAST_LINE, RUN_COLUMN, GARBAGE, JSON, JSON_MISMATCHED_LENGTHS,
        JSON_NESTED, JSON_NULLS, JSON_TRAILING_CONTENT, JSON_LONG_NUMBER, REPORT_JSON, SEVERAL_FILES,
        SAME_FILE_TWICE, TWO_POINTS, DIVERGED, EXPLODING_RUNS
    }

    /**
     * One invocation: its arguments before the files, the files, and the range of the learning
     * rates in them (NaN when there are none), which an answer must lie in.
     */
    record Case(Kind kind, int number, List<String> options, List<Path> files, double lrLow, double lrHigh) {
        String describe() {
            return kind + " #" + number + " " + options + " " + files.stream().map(p -> p.getFileName().toString()).toList();
        }
    }

    private final Path dir;
    private final long seed;

    CurveFileGenerator(Path dir, long seed) {
        this.dir = dir;
        this.seed = seed;
    }

    /** The {@code number}th case of {@code kind}. */
    Case generate(Kind kind, int number) throws IOException {
        // Mixed first: java.util.Random's first draws from neighbouring seeds are nearly equal.
        Random r = new Random(new SplittableRandom(seed).split().nextLong() ^ (kind.ordinal() + 1) * 0x9E3779B97F4A7C15L
                ^ (number + 1) * 0xC2B2AE3D27D4EB4FL);
        String base = kind.name().toLowerCase(Locale.ROOT) + "-" + number;
        List<String> options = options(r);
        Curve c = curve(r, length(r));
        return switch (kind) {
            case VALLEY -> csv(kind, number, options, base, c, r);
            case NON_FINITE_LOSSES -> {
                String[] specials = {"nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", ""};
                String[] losses = c.lossTexts();
                for (int i = 0; i < losses.length; i++) {
                    if (r.nextInt(5) == 0) {
                        losses[i] = specials[r.nextInt(specials.length)];
                    }
                }
                yield write(kind, number, options, base + ".csv", table("lr,loss", c.lrTexts(), losses, ",", "\n"), c);
            }
            case NEGATIVE_LOSSES -> {
                double shift = 3 + r.nextDouble() * 100; // losses below 0, as a log-likelihood or a margin loss has
                yield csv(kind, number, options, base, c.mapLoss(l -> l - shift), r);
            }
            case CONSTANT -> csv(kind, number, options, base, c.mapLoss(l -> 1.5), r);
            case MONOTONE -> {
                boolean up = r.nextBoolean();
                double[] losses = new double[c.size()];
                for (int i = 0; i < losses.length; i++) {
                    losses[i] = up ? 1 + i * 0.01 : 3 - i * (2.0 / Math.max(1, losses.length));
                }
                yield csv(kind, number, options, base, new Curve(c.lrs, losses), r);
            }
            case DUPLICATE_RATES -> {
                double[] lrs = c.lrs.clone();
                for (int i = 1; i < lrs.length; i++) {
                    if (r.nextInt(4) == 0) {
                        lrs[i] = lrs[i - 1];
                    }
                }
                yield csv(kind, number, options, base, new Curve(lrs, c.losses), r);
            }
            case DECREASING_RATES -> {
                double[] lrs = c.lrs.clone();
                if (r.nextBoolean()) {
                    for (int i = 0; i < lrs.length / 2; i++) {
                        double t = lrs[i];
                        lrs[i] = lrs[lrs.length - 1 - i];
                        lrs[lrs.length - 1 - i] = t;
                    }
                } else if (lrs.length > 2) {
                    int i = 1 + r.nextInt(lrs.length - 1);
                    lrs[i] = lrs[i - 1] / 2;
                }
                yield csv(kind, number, options, base, new Curve(lrs, c.losses), r);
            }
            case ZERO_AND_NEGATIVE_RATES -> {
                double[] lrs = c.lrs.clone();
                if (lrs.length > 0) {
                    lrs[0] = r.nextBoolean() ? 0 : -lrs[0];
                    if (lrs.length > 3 && r.nextBoolean()) {
                        lrs[lrs.length / 2] = -1e-3;
                    }
                }
                yield csv(kind, number, options, base, new Curve(lrs, c.losses), r);
            }
            case HUGE_VALUES -> {
                Curve huge = r.nextBoolean() ? c.mapLoss(l -> l * 1e300) : new Curve(scale(c.lrs, 1e300 / 10), c.losses);
                yield csv(kind, number, options, base, huge, r);
            }
            case SUBNORMAL_RATES -> {
                double[] lrs = new double[c.size()];
                for (int i = 0; i < lrs.length; i++) {
                    lrs[i] = Double.MIN_VALUE * (i + 1); // strictly increasing from 4.9e-324
                }
                yield csv(kind, number, options, base, new Curve(lrs, c.losses), r);
            }
            case EXTRA_COLUMNS -> {
                StringBuilder text = new StringBuilder(",step,lr,smoothed_loss,loss,\"note, quoted\"\n");
                for (int i = 0; i < c.size(); i++) {
                    text.append(i).append(',').append(i).append(',').append(c.lrText(i)).append(',').append(c.lossText(i))
                            .append(',').append(c.lossText(i)).append(",\"x, ").append(i).append("\"\n");
                }
                yield write(kind, number, options, base + ".csv", text.toString(), c);
            }
            case CRLF -> write(kind, number, options, base + ".csv", table("lr,loss", c.lrTexts(), c.lossTexts(), ",", "\r\n"), c);
            case BYTE_ORDER_MARK -> {
                boolean json = r.nextBoolean();
                String text = json ? json(c.lrTexts(), c.lossTexts()) : table("lr,loss", c.lrTexts(), c.lossTexts(), ",", "\r\n");
                yield write(kind, number, options, base + (json ? ".json" : ".csv"), "\uFEFF" + text, c);
            }
            case QUOTED -> {
                String[] lrs = c.lrTexts();
                String[] losses = c.lossTexts();
                for (int i = 0; i < lrs.length; i++) {
                    lrs[i] = "\"" + lrs[i] + "\"";
                    losses[i] = r.nextInt(10) == 0 ? "\" " + losses[i] + " \"" : "\"" + losses[i] + "\"";
                }
                yield write(kind, number, options, base + ".csv", table("\"lr\",\"loss\"", lrs, losses, ",", "\n"), c);
            }
            case SEMICOLONS -> {
                boolean decimalComma = r.nextBoolean();
                String[] lrs = c.lrTexts();
                String[] losses = c.lossTexts();
                if (decimalComma) {
                    for (int i = 0; i < lrs.length; i++) {
                        lrs[i] = lrs[i].replace('.', ',');
                        losses[i] = losses[i].replace('.', ',');
                    }
                }
                yield write(kind, number, options, base + ".csv", table("lr;loss", lrs, losses, ";", "\n"), c);
            }
            case EMPTY_LINES -> {
                StringBuilder text = new StringBuilder("\n\nlr,loss\n");
                for (int i = 0; i < c.size(); i++) {
                    text.append(r.nextInt(5) == 0 ? (r.nextBoolean() ? "\n" : "   \n") : "");
                    text.append(c.lrText(i)).append(',').append(c.lossText(i)).append('\n');
                }
                yield write(kind, number, options, base + ".csv", text.append("\n\n").toString(), c);
            }
            case TRUNCATED_LAST_LINE -> {
                String text = table("lr,step,loss", c.lrTexts(), c.stepsAndLosses(), ",", "\n");
                String trimmed = text.substring(0, text.length() - 1);
                int lastLine = trimmed.lastIndexOf('\n') + 1;
                int cut = lastLine + r.nextInt(Math.max(1, trimmed.length() - lastLine));
                yield write(kind, number, options, base + ".csv", trimmed.substring(0, Math.max(cut, 1)), c);
            }
            case RUN_COLUMN -> {
                int runs = 2 + r.nextInt(4);
                StringBuilder text = new StringBuilder("run,step,lr,loss,smoothed_loss\n");
                List<Curve> all = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    Curve one = curve(r, Math.min(600, c.size()));
                    all.add(one);
                    for (int i = 0; i < one.size(); i++) {
                        text.append(run).append(',').append(i).append(',').append(one.lrText(i)).append(',')
                                .append(one.lossText(i)).append(",\n");
                    }
                }
                yield write(kind, number, options, base + ".csv", text.toString(), Curve.union(all));
            }
            case GARBAGE -> {
                byte[] bytes = new byte[r.nextInt(400)];
                r.nextBytes(bytes);
                if (r.nextBoolean()) {
                    String alphabet = " ,;\"\n\r{}[]lrsoa0123456789.eE-+";
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) alphabet.charAt(Math.floorMod(bytes[i], alphabet.length()));
                    }
                }
                Path file = Files.write(dir.resolve(base + ".csv"), bytes);
                yield new Case(kind, number, options, List.of(file), Double.NaN, Double.NaN);
            }
            case JSON -> write(kind, number, options, base + ".json", json(c.lrTexts(), c.pythonLossTexts()), c);
            case JSON_MISMATCHED_LENGTHS -> {
                String[] lrs = c.lrTexts();
                String[] losses = c.lossTexts();
                String[] shorter = java.util.Arrays.copyOf(losses, Math.max(0, losses.length - 1 - r.nextInt(3)));
                yield write(kind, number, options, base + ".json", json(lrs, shorter), c);
            }
            case JSON_NESTED -> {
                int depth = r.nextBoolean() ? 1 + r.nextInt(50) : 990 + r.nextInt(30);
                String inner = "{\"lr\": [" + String.join(", ", c.lrTexts()) + "], \"loss\": [" + String.join(", ", c.lossTexts())
                        + "]}";
                String text = r.nextBoolean()
                        ? "[".repeat(depth) + inner + "]".repeat(depth)
                        : "{\"lr\": " + "[".repeat(depth) + "1" + "]".repeat(depth) + ", \"loss\": [1]}";
                yield write(kind, number, options, base + ".json", text, c);
            }
            case JSON_NULLS -> {
                String[] lrs = c.lrTexts();
                String[] losses = c.pythonLossTexts();
                for (int i = 0; i < lrs.length; i++) {
                    if (r.nextInt(6) == 0) {
                        losses[i] = "null";
                    }
                    if (r.nextInt(40) == 0) {
                        lrs[i] = "null";
                    }
                }
                String text = r.nextInt(5) == 0 ? "{\"lr\": null, \"loss\": null}" : json(lrs, losses);
                yield write(kind, number, options, base + ".json", text, c);
            }
            case JSON_TRAILING_CONTENT -> {
                String doc = json(c.lrTexts(), c.lossTexts());
                String[] tails = {" xyz", doc, "\n" + doc, "]", "}", " 1", ",", "\u0000"};
                yield write(kind, number, options, base + ".json", doc + tails[r.nextInt(tails.length)], c);
            }
            case JSON_LONG_NUMBER -> {
                String[] lrs = c.lrTexts();
                if (lrs.length > 0) {
                    lrs[r.nextInt(lrs.length)] = "0." + "1".repeat(990 + r.nextInt(30));
                }
                yield write(kind, number, options, base + ".json", json(lrs, c.lossTexts()), c);
            }
            case REPORT_JSON -> {
                StringBuilder text = new StringBuilder("{\"lrfinder\": \"dev\", \"schema\": 1, \"config\": {\"steps\": ")
                        .append(c.size()).append("}, \"runs\": [");
                int runs = r.nextInt(4);
                List<Curve> all = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Curve one = curve(r, Math.min(400, c.size()));
                    all.add(one);
                    text.append(run > 0 ? ", " : "").append("{\"run\": ").append(run + 1).append(", \"curve\": ")
                            .append(json(one.lrTexts(), one.pythonLossTexts())).append('}');
                }
                yield write(kind, number, options, base + ".json", text.append("]}").toString(), Curve.union(all));
            }
            case SEVERAL_FILES -> {
                List<Path> files = new ArrayList<>();
                List<Curve> all = new ArrayList<>();
                for (int f = 0; f < 2 + r.nextInt(3); f++) {
                    Curve one = curve(r, length(r));
                    all.add(one);
                    files.add(Files.writeString(dir.resolve(base + "-" + f + ".csv"),
                            table("lr,loss", one.lrTexts(), one.lossTexts(), ",", "\n")));
                }
                Curve union = Curve.union(all);
                yield new Case(kind, number, options, files, union.low(), union.high());
            }
            case SAME_FILE_TWICE -> {
                Case once = csv(kind, number, options, base, c, r);
                yield new Case(kind, number, options, List.of(once.files().get(0), once.files().get(0)), once.lrLow(),
                        once.lrHigh());
            }
            case TWO_POINTS -> csv(kind, number, options, base, curve(r, 2), r);
            case DIVERGED -> {
                Curve diverged = c.size() < 10 ? c : c.mapLossIndexed((i, l) -> i > c.size() * 0.7 ? l * Math.exp((i - c.size() * 0.7) / 3.0) : l);
                yield csv(kind, number, options, base, diverged.endsInInfinity(), r);
            }
            case EXPLODING_RUNS -> {
                List<Path> files = new ArrayList<>();
                List<Curve> all = new ArrayList<>();
                for (int f = 0; f < 5; f++) {
                    int n = 60 + r.nextInt(60);
                    Curve one = curve(r, n).mapLossIndexed((i, l) -> i >= n - 20 ? Math.pow(10, 33.0 * (i - (n - 20)) / 19) : l)
                            .endsInInfinity();
                    all.add(one);
                    files.add(Files.writeString(dir.resolve(base + "-" + f + ".csv"),
                            table("lr,loss", one.lrTexts(), one.lossTexts(), ",", "\n")));
                }
                Curve union = Curve.union(all);
                yield new Case(kind, number, List.of("--smoothing", "robust"), files, union.low(), union.high());
            }
        };
    }

    /** Lengths 0 to 5,000, most of them short, as real range tests are. */
    private static int length(Random r) {
        int bucket = r.nextInt(10);
        if (bucket < 2) {
            return r.nextInt(6);
        }
        if (bucket < 8) {
            return 6 + r.nextInt(300);
        }
        return 300 + r.nextInt(4701);
    }

    private static List<String> options(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> List.of("--smoothing", "robust");
            case 1 -> List.of("--smoothing", "none");
            case 2 -> List.of("--compat", new String[] {"fastai", "lightning", "torch-lr-finder"}[r.nextInt(3)]);
            case 3 -> List.of("--methods", "minimum,steep,valley");
            default -> List.of();
        };
    }

    /** A range-test-shaped curve: flat, falling, a floor, then rising, with batch noise. */
    private static Curve curve(Random r, int n) {
        double lo = Math.pow(10, -7 + r.nextInt(5));
        double hi = Math.pow(10, -1 + r.nextInt(3));
        double[] lrs = new double[n];
        double[] losses = new double[n];
        double noise = r.nextDouble() * 0.1;
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? 0 : (double) i / (n - 1);
            lrs[i] = lo * Math.pow(hi / lo, t);
            losses[i] = 2.3 - 1.5 / (1 + Math.exp(-(t - 0.5) * 12)) + (t > 0.8 ? (t - 0.8) * 20 : 0)
                    + noise * r.nextGaussian();
        }
        return new Curve(lrs, losses);
    }

    private Case csv(Kind kind, int number, List<String> options, String base, Curve c, Random r) throws IOException {
        return write(kind, number, options, base + ".csv", table("lr,loss", c.lrTexts(), c.lossTexts(), ",", "\n"), c);
    }

    private Case write(Kind kind, int number, List<String> options, String name, String text, Curve c) throws IOException {
        Path file = Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
        return new Case(kind, number, options, List.of(file), c.low(), c.high());
    }

    private static String table(String header, String[] first, String[] second, String separator, String newline) {
        StringBuilder text = new StringBuilder(header).append(newline);
        for (int i = 0; i < first.length; i++) {
            text.append(first[i]).append(separator).append(second[i]).append(newline);
        }
        return text.toString();
    }

    private static String json(String[] lrs, String[] losses) {
        return "{\"lr\": [" + String.join(", ", lrs) + "], \"loss\": [" + String.join(", ", losses) + "]}";
    }

    private static double[] scale(double[] values, double factor) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    /** Points as doubles, and as the text tools write them. */
    record Curve(double[] lrs, double[] losses) {
        int size() {
            return lrs.length;
        }

        String lrText(int i) {
            return Double.toString(lrs[i]);
        }

        /** Non-finite losses as pandas writes them (nan, inf). */
        String lossText(int i) {
            double l = losses[i];
            return Double.isNaN(l) ? "nan" : Double.isInfinite(l) ? (l > 0 ? "inf" : "-inf") : Double.toString(l);
        }

        String[] lrTexts() {
            String[] out = new String[size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = lrText(i);
            }
            return out;
        }

        String[] lossTexts() {
            String[] out = new String[size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = lossText(i);
            }
            return out;
        }

        /** As Python's json.dump writes them: NaN, Infinity. */
        String[] pythonLossTexts() {
            String[] out = new String[size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.toString(losses[i]);
            }
            return out;
        }

        String[] stepsAndLosses() {
            String[] out = new String[size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = i + "," + lossText(i);
            }
            return out;
        }

        Curve mapLoss(DoubleUnaryOperator f) {
            double[] out = losses.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(out[i]);
            }
            return new Curve(lrs, out);
        }

        Curve mapLossIndexed(IndexedLoss f) {
            double[] out = losses.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = f.apply(i, out[i]);
            }
            return new Curve(lrs, out);
        }

        /** The last loss infinite, as a sweep that blew up records it. */
        Curve endsInInfinity() {
            double[] out = losses.clone();
            if (out.length > 0) {
                out[out.length - 1] = Double.POSITIVE_INFINITY;
            }
            return new Curve(lrs, out);
        }

        /** The smallest finite rate, NaN when there is none. */
        double low() {
            double low = Double.NaN;
            for (double lr : lrs) {
                if (Double.isFinite(lr) && !(lr >= low)) {
                    low = lr;
                }
            }
            return low;
        }

        double high() {
            double high = Double.NaN;
            for (double lr : lrs) {
                if (Double.isFinite(lr) && !(lr <= high)) {
                    high = lr;
                }
            }
            return high;
        }

        static Curve union(List<Curve> curves) {
            int n = curves.stream().mapToInt(Curve::size).sum();
            double[] lrs = new double[n];
            double[] losses = new double[n];
            int at = 0;
            for (Curve c : curves) {
                System.arraycopy(c.lrs, 0, lrs, at, c.size());
                System.arraycopy(c.losses, 0, losses, at, c.size());
                at += c.size();
            }
            return new Curve(lrs, losses);
        }
    }

    @FunctionalInterface
    interface IndexedLoss {
        double apply(int index, double loss);
    }
}
