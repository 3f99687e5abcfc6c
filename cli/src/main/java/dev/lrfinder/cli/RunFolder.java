package dev.lrfinder.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a command's files go: the folder named with --out, or a new dated one under ./lrfinder-runs.
 * The folder is checked before any work ({@link #check}) and created only when the files are ready
 * ({@link #create}), so a command that fails on the way leaves no empty folder behind.
 *
 * @param path the folder
 * @param created whether this command created it (and should remove it again if writing fails)
 */
record RunFolder(Path path, boolean created) {
    static final Path DEFAULT_PARENT = Path.of("lrfinder-runs");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Fails fast on a path that cannot become a writable folder. */
    static void check(Path requested) {
        Path target = requested != null ? requested : DEFAULT_PARENT;
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new BadInputException(option(requested) + ": must be a folder (it is a file)");
        }
        Path existing = target.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new BadInputException(option(requested) + ": cannot be written ("
                    + (existing == null ? "no existing parent" : existing + " is not a writable folder") + ")");
        }
    }

    /** Creates the folder (a new dated one when none was named). */
    static RunFolder create(Path requested) {
        try {
            if (requested != null) {
                boolean existed = Files.isDirectory(requested);
                Files.createDirectories(requested);
                return new RunFolder(requested, !existed);
            }
            Files.createDirectories(DEFAULT_PARENT);
            String stamp = LocalDateTime.now().format(STAMP);
            for (int n = 0; ; n++) {
                Path candidate = DEFAULT_PARENT.resolve(n == 0 ? stamp : stamp + "-" + n);
                try {
                    return new RunFolder(Files.createDirectory(candidate), true);
                } catch (FileAlreadyExistsException taken) {
                    // two runs in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new BadInputException(option(requested) + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
    }

    /** Removes the folder if this command created it and it is empty. */
    void removeIfCreated() {
        if (created) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // not empty or gone: leave it, the error that led here is what the user needs
            }
        }
    }

    private static String option(Path requested) {
        return "--out = " + (requested != null ? requested : DEFAULT_PARENT);
    }
}
