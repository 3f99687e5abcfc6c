package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, as bash runs it when the user presses TAB. */
class ShellCompletionTest {
    @TempDir
    Path dir;

    @Test
    void tabCompletesSubcommandsAndTheOptionsOfFind() throws IOException, InterruptedException {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "SKIPPED: no bash");
        Path script = dir.resolve("lrfinder.bash");
        ShellCompletion.main(new String[] {script.toString()});

        assertEquals(Set.of("find", "sweep", "analyze", "bench", "help"), complete(bash, script, "lrfinder", ""));
        Set<String> options = complete(bash, script, "lrfinder", "find", "--ba");
        assertTrue(options.containsAll(Set.of("--backend", "--batch-size")), options.toString());
        assertTrue(options.stream().allMatch(o -> o.startsWith("--ba")), options.toString());
    }

    /** What TAB offers after {@code words}, the last one being the word under the cursor. */
    private static Set<String> complete(Path bash, Path script, String... words) throws IOException, InterruptedException {
        String line = String.join(" ", words);
        String program = "source \"$1\" 2>/dev/null; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1));"
                + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};"
                + " _complete_lrfinder lrfinder \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        List<String> command = new ArrayList<>(List.of(bash.toString(), "-c", program, "bash", script.toString()));
        command.addAll(List.of(words));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), line + ": " + out);
        return new TreeSet<>(out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
