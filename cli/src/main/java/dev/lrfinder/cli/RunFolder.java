package dev.lrfinder.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a command's files go: the folder named with --out, or a new dated one under ./lrfinder-runs. */
final class RunFolder {
    static final Path DEFAULT_PARENT = Path.of("lrfinder-runs");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {}

    /** Creates and returns the folder; a path that cannot be a writable folder is bad input. */
    static Path prepare(Path requested) {
        try {
            if (requested != null) {
                if (Files.exists(requested) && !Files.isDirectory(requested)) {
                    throw new BadInputException("--out = " + requested + ": must be a folder (it is a file)");
                }
                Files.createDirectories(requested);
                if (!Files.isWritable(requested)) {
                    throw new BadInputException("--out = " + requested + ": folder is not writable");
                }
                return requested;
            }
            Files.createDirectories(DEFAULT_PARENT);
            String stamp = LocalDateTime.now().format(STAMP);
            for (int n = 0; ; n++) {
                Path candidate = DEFAULT_PARENT.resolve(n == 0 ? stamp : stamp + "-" + n);
                try {
                    return Files.createDirectory(candidate);
                } catch (FileAlreadyExistsException taken) {
                    // two runs in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            Path shown = requested != null ? requested : DEFAULT_PARENT;
            throw new BadInputException("--out = " + shown + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
    }
}
