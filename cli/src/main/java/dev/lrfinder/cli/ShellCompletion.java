package dev.lrfinder.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes lrfinder's shell completion script, made by picocli's {@link AutoComplete} from the same
 * command definitions the CLI parses with: every subcommand, option and enumerated value. The build
 * runs it at package time (cli/target/completion/lrfinder.bash); the script serves bash, and zsh
 * through zsh's bashcompinit, which the script turns on itself.
 */
public final class ShellCompletion {
    /** The command the script completes: the name the launcher is installed under. */
    static final String COMMAND = "lrfinder";

    private ShellCompletion() {}

    /** {@code args[0]}: the file to write. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ShellCompletion FILE");
        }
        Path file = Path.of(args[0]);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, script(), StandardCharsets.UTF_8);
    }

    /** The completion script for bash and zsh. */
    static String script() {
        PrintWriter quiet = new PrintWriter(new StringWriter());
        return AutoComplete.bash(COMMAND, LrFinderCommand.newCommandLine(quiet, quiet));
    }
}
