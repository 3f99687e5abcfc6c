package dev.lrfinder.cli;

import dev.lrfinder.Backends;
import dev.lrfinder.analysis.AnalysisOptions;
import dev.lrfinder.analysis.CurveAnalysis;
import dev.lrfinder.plot.CurvePlot;
import dev.lrfinder.report.AnalyzedRun;
import dev.lrfinder.report.Report;
import dev.lrfinder.report.ReportContext;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code find} and {@code analyze} would otherwise do cold on their critical path, started
 * first thing in {@link Main} on threads of their own, while picocli reads the options, the input
 * is read and the sweeps run:
 *
 * <ul>
 *   <li>the first report a JVM makes is slow: AWT, the fonts, ImageIO, XChart's and Jackson's
 *       classes are initialised and their code runs cold (a 100-point plot took 250 ms the first
 *       time and 45 ms the second, measured). A small throw-away report is analysed and drawn in
 *       memory; nothing is written or printed;
 *   <li>loading the native backend's libtorch takes about 0.26 s (its 287 libraries' relocations and
 *       libtorch's operator registration, measured with perf): for a {@code find} whose command line
 *       alone says the backend is {@code auto} or {@code native} it starts at once, once the JDK's
 *       own libraries are in ({@link #loadJdkLibraries}). Nothing is loaded when the backend is
 *       {@code djl} or may come from a profile ({@code --config}): only one libtorch can live in a
 *       JVM.
 * </ul>
 */
final class StartupWarmUp {
    private static final int POINTS = 60;

    private StartupWarmUp() {}

    /** Starts what {@code args} will need on daemon threads; returns at once. */
    static void start(String[] args) {
        if (args.length == 0 || !(args[0].equals("find") || args[0].equals("analyze"))) {
            return;
        }
        boolean loadNative = args[0].equals("find") && nativeMayRun(args);
        Thread.ofPlatform().daemon().name("lrfinder-warm-up").start(() -> {
            loadJdkLibraries();
            if (loadNative) {
                Thread.ofPlatform().daemon().name("lrfinder-load-native").start(Backends::preloadNative);
            }
            drawReport();
        });
    }

    /**
     * What the other threads need from the dynamic loader, taken before libtorch's load: while the
     * loader maps libtorch it holds its lock, and a thread that loads a library or links a JNI method
     * (the JVM looks it up with dlsym, which takes the same lock) waits until it is done (the option
     * parsing stalled 0.3 s behind it, measured with thread dumps). libverify: picocli's classes are
     * Java 5 class files, which the JVM checks with its old verifier in that library (and which the
     * ahead-of-time cache cannot hold); {@link Array}'s natives: picocli reads annotations with them;
     * AWT, the font manager, FreeType and fontconfig: the plots.
     */
    private static void loadJdkLibraries() {
        try {
            Class.forName("picocli.CommandLine$Range", true, StartupWarmUp.class.getClassLoader());
            Array.getLength(Array.newInstance(String.class, 1));
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12)).stringWidth("lr");
            g.dispose();
        } catch (ClassNotFoundException | RuntimeException | Error e) {
            // Only a head start: whatever fails here fails again where it is needed, and is reported there.
        }
    }

    /** Whether the command line alone leaves the backend to auto or names native, with no profile to say otherwise. */
    static boolean nativeMayRun(String[] args) {
        String backend = Backends.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") || args[i].startsWith("--config=")) {
                return false;
            }
            if (args[i].equals("--backend") && i + 1 < args.length) {
                backend = args[i + 1];
            } else if (args[i].startsWith("--backend=")) {
                backend = args[i].substring("--backend=".length());
            }
        }
        return backend.equals(Backends.AUTO) || backend.equals("native");
    }

    private static void drawReport() {
        try {
            AnalysisOptions options = AnalysisOptions.defaults();
            List<AnalyzedRun> runs = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                double[] lrs = new double[POINTS];
                double[] losses = new double[POINTS];
                for (int i = 0; i < POINTS; i++) { // flat, falling, then blowing up: every region and suggestion
                    double t = i / (POINTS - 1.0);
                    lrs[i] = 1e-6 * Math.pow(1e7, t);
                    losses[i] = 2.3 - 1.5 / (1 + Math.exp(-12 * (t - 0.5))) + (t > 0.85 ? 40 * (t - 0.85) : 0) + 0.01 * r;
                }
                runs.add(AnalyzedRun.ofCurve("warm-up " + (r + 1), lrs, losses, CurveAnalysis.analyze(lrs, losses, options)));
            }
            Report report = Report.of(ReportContext.ofAnalysis("warm-up", options, "warm-up"), runs, options);
            CurvePlot.render(report); // the plots first: the slowest part cold
            report.json();
        } catch (RuntimeException | Error e) {
            // Only a head start: the real report meets the same failure, and reports it.
        }
    }
}
