package dev.lrfinder.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * How many columns the terminal behind stdout or stderr has, asked of the terminal itself through
 * JLine (bash does not export {@code $COLUMNS}, so a child process never sees it). Only when the
 * stream is a terminal is JLine asked, which costs a {@code stty} call; otherwise, or when the
 * terminal cannot say, the answer is {@code 0}.
 */
final class TerminalWidth {
    /** The narrowest width anything is laid out for: narrower terminals wrap what they must. */
    static final int MIN_COLUMNS = 40;

    private TerminalWidth() {
    }

    /** Columns of the terminal on stdout, 0 when stdout is not a terminal or its size is unknown. */
    static int ofStdout() {
        return isTerminal(1) ? ask(TerminalBuilder.SystemOutput.SysOut) : 0;
    }

    /** Columns of the terminal on stderr, 0 when stderr is not a terminal or its size is unknown. */
    static int ofStderr() {
        return isTerminal(2) ? ask(TerminalBuilder.SystemOutput.SysErr) : 0;
    }

    /** Whether file descriptor {@code fd} of this process is a terminal: on Linux, where it points. */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null && System.console().isTerminal();
        }
    }

    private static int ask(TerminalBuilder.SystemOutput stream) {
        // nativeSignals(false): JLine would otherwise take SIGINT from the JVM, whose shutdown hooks
        // restore the model and leave a report folder whole. dumb(true): no warning when it cannot.
        try (Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .systemOutput(stream)
                .nativeSignals(false)
                .dumb(true)
                .build()) {
            return Math.max(terminal.getWidth(), 0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
