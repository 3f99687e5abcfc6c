package dev.lrfinder.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The analysis package is pure Java on commons-math: no DJL, no java.lang.foreign. */
class AnalysisPackageBoundaryTest {

    /** Any mention in code, import or fully qualified use. */
    static final Pattern FORBIDDEN = Pattern.compile("\\bai\\.djl\\b|\\bjava\\.lang\\.foreign\\b");

    static final Path SOURCES = Path.of("src", "main", "java", "dev", "lrfinder", "analysis");

    static List<String> violations(Path file, List<String> lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).strip();
            if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                continue; // documentation may name them
            }
            if (FORBIDDEN.matcher(code).find()) {
                found.add(file.getFileName() + ":" + (i + 1) + ": " + code);
            }
        }
        return found;
    }

    @Test
    void noSourceFileUsesDjlOrTheForeignFunctionApi() throws IOException {
        Path dir = SOURCES.toRealPath();
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> stream = Files.list(dir)) {
            for (Path file : stream.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                found.addAll(violations(file, Files.readAllLines(file)));
            }
        }
        assertTrue(files >= 20, "scanned only " + files + " files in " + dir);
        assertEquals(List.of(), found);
    }

    @Test
    void theScannerCatchesImportsAndQualifiedNames() {
        Path file = Path.of("X.java");
        assertEquals(3, violations(file, List.of("import ai.djl.ndarray.NDArray;", "import java.lang.foreign.Arena;",
                "var m = ai.djl.Model.newInstance(\"x\");", " * mentions ai.djl in a comment")).size());
        assertEquals(0, violations(file, List.of("import org.apache.commons.math3.util.FastMath;", "String s = \"aidjl\";"))
                .size());
    }
}
