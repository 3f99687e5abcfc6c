package dev.lrfinder.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lrfinder startup-training DIR} (hidden): the training run of the JVM's ahead-of-time cache
 * (JEP 483/514). {@code native-scripts/lrfinder} runs it once per build with {@code
 * -XX:AOTCacheOutput}, so that the classes {@code find} and {@code analyze} load come loaded and
 * linked from the cache on later runs: a two-run {@code find} on the default backend with the
 * progress bar, an {@code analyze} of its curves and a help page, in one JVM, with everything they
 * print discarded and their files in {@code DIR}.
 */
@Command(name = "startup-training", hidden = true,
        description = "The training run of the start-up cache (native-scripts/lrfinder runs it once per build).")
final class StartupTrainingCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A new folder for the training's files.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream());
        String find = dir.resolve("find").toString();
        int code = run(nowhere, true, "find", "--runs", "2", "--out", find);
        if (code == ExitCodes.OK) {
            code = run(nowhere, false, "analyze", Path.of(find, "curves.csv").toString(), "--out",
                    dir.resolve("analyze").toString());
        }
        run(nowhere, false, "find", "--help");
        return code;
    }

    private static int run(PrintWriter nowhere, boolean terminal, String... args) {
        return LrFinderCommand.newCommandLine(nowhere, nowhere, terminal).execute(args);
    }
}
