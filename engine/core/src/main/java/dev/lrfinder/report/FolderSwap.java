package dev.lrfinder.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Puts a set of files into a folder as one: they are written into a staging folder beside it and
 * flushed to disk, then the folders are swapped by rename (the old one moved aside, the new one
 * moved in, the old one deleted). A reader, a crash or a full disk sees the complete old set or the
 * complete new one, never a mix and never a stale file of the old set beside the new.
 *
 * <p>A shutdown hook covers SIGINT and SIGTERM during the write: it waits for the step under way
 * (one file, or the two renames), then removes the staging folder and any folder this write made,
 * or, once the swap is done, the old set. Whatever a kill -9 leaves (hidden {@code .NAME.lrfinder-*}
 * folders beside the target) is cleaned up by the next write there ({@link #recover}).
 */
final class FolderSwap {
    /** Test-only: milliseconds to pause after the first staged file, so a test's signal lands mid-write. */
    static final String PAUSE_PROPERTY = "lrfinder.test.writePauseMillis";
    private static final String STAGING = ".lrfinder-new-";
    private static final String BACKUP = ".lrfinder-old-";
    /** Long enough for one file or one rename, short enough that a stuck disk does not hold up an exit. */
    private static final long HOOK_WAIT_SECONDS = 10;
    /** Keeps hidden names within a file system's 255-byte limit. */
    private static final int MAX_NAME_CHARS = 100;

    private enum State { STAGING, COMMITTED, ABANDONED }

    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean shuttingDown;
    // Guarded by lock.
    private State state = State.STAGING;
    private final List<Path> createdFolders = new ArrayList<>();
    private Path staging;
    private Path backup;

    private FolderSwap() {}

    /**
     * Writes {@code files} as the whole content of {@code target}.
     *
     * @param target an absolute path: a folder holding only an earlier set, an empty one, or none yet
     * @param fresh whether {@code target} is a new name to claim: when taken (another run in the same
     *     second), {@code NAME-1}, {@code NAME-2} ... is used instead; else {@code target} is replaced
     * @return the folder written
     */
    static Path write(Path target, boolean fresh, Map<String, byte[]> files) throws IOException {
        FolderSwap swap = new FolderSwap();
        Thread hook = new Thread(swap::abandon, "lrfinder-report-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            throw new InterruptedIOException("not written: lrfinder is shutting down");
        }
        try {
            return swap.run(target, fresh, files);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it owns the cleanup now
            }
        }
    }

    private Path run(Path target, boolean fresh, Map<String, byte[]> files) throws IOException {
        Path parent = target.getParent();
        Path written;
        try {
            stage(parent, target, files);
            Path[] swapped = new Path[1];
            step(() -> swapped[0] = fresh ? claim(target) : replace(target));
            written = swapped[0];
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                undo();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                lock.unlock();
            }
            throw e;
        }
        // The new set is in place and nothing below can take it back: a failure here only leaves the
        // old set aside, which the hook (on a shutdown) or the next write there (recover) removes.
        try {
            step(this::deleteBackup);
        } catch (IOException | RuntimeException leftForRecover) {
            // see above
        }
        syncFolder(parent);
        return written;
    }

    /** Writes every file into a new staging folder beside {@code target}, each flushed to disk. */
    private void stage(Path parent, Path target, Map<String, byte[]> files) throws IOException {
        step(() -> createParents(parent));
        step(() -> staging = Files.createDirectory(parent.resolve(hiddenName(target, STAGING))));
        boolean first = true;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            step(() -> writeSynced(staging.resolve(file.getKey()), file.getValue()));
            if (first) {
                pauseForTests();
                first = false;
            }
        }
        step(() -> syncFolder(staging));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** One step under the lock, so the shutdown hook sees the state before or after it, never during. */
    private void step(Step step) throws IOException {
        lock.lock();
        try {
            if (shuttingDown || state == State.ABANDONED) {
                throw new InterruptedIOException("not written: lrfinder is shutting down");
            }
            step.run();
        } finally {
            lock.unlock();
        }
    }

    /** The shutdown hook. */
    private void abandon() {
        shuttingDown = true;
        boolean locked = false;
        try {
            locked = lock.tryLock(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            undo();
        } catch (IOException e) {
            // the JVM is exiting; what is left is cleaned up by the next write there (recover)
        } finally {
            state = State.ABANDONED;
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** Before the swap: remove the staging folder and the folders made for it. After: the old set. */
    private void undo() throws IOException {
        if (state == State.ABANDONED) {
            return;
        }
        if (state == State.COMMITTED) {
            deleteBackup();
            return;
        }
        if (staging != null) {
            deleteTree(staging);
            staging = null;
        }
        for (int i = createdFolders.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdFolders.get(i));
            } catch (IOException notEmpty) {
                break; // something else was put there meanwhile: it stays, and so do the folders above it
            }
        }
        createdFolders.clear();
    }

    private void createParents(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            createdFolders.add(p);
        }
    }

    private Path claim(Path target) throws IOException {
        for (int n = 0; ; n++) {
            Path candidate = n == 0 ? target : target.resolveSibling(target.getFileName() + "-" + n);
            try {
                // A plain move: it refuses a name that exists, where a rename would replace an empty folder.
                Files.move(staging, candidate);
                staging = null;
                state = State.COMMITTED;
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                // another run in the same second: take the next suffix
            }
        }
    }

    private Path replace(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging, target);
        } else {
            copyPermissions(target, staging);
            backup = target.resolveSibling(hiddenName(target, BACKUP));
            Files.move(target, backup, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(backup, target, StandardCopyOption.ATOMIC_MOVE);
                backup = null;
                throw e;
            }
        }
        staging = null;
        state = State.COMMITTED;
        return target;
    }

    private void deleteBackup() throws IOException {
        if (backup != null) {
            deleteTree(backup);
            backup = null;
        }
    }

    /**
     * Cleans up after a write to {@code target} that was killed outright (kill -9, power loss): a
     * staging folder is deleted; an old set moved aside is put back when the new one never arrived,
     * else deleted. Leftovers of a process still running (another lrfinder writing there) stay.
     */
    static void recover(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = hiddenPrefix(target);
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
            entries.forEach(leftovers::add);
        }
        for (Path leftover : leftovers) {
            String rest = leftover.getFileName().toString().substring(prefix.length());
            boolean isBackup = rest.startsWith(BACKUP.substring(".lrfinder".length()));
            if (ownerAlive(rest)) {
                continue;
            }
            if (isBackup && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(leftover, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(leftover);
            }
        }
    }

    /**
     * {@code -new-PID-RANDOM} or {@code -old-PID-RANDOM}: whether process PID still runs. This process
     * counts as running: a leftover of its own may be another thread's write in progress.
     */
    private static boolean ownerAlive(String rest) {
        String[] parts = rest.split("-");
        if (parts.length < 3) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[2]);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String hiddenPrefix(Path target) {
        String name = target.getFileName().toString();
        return "." + (name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) : name) + ".lrfinder";
    }

    private static String hiddenName(Path target, String kind) {
        return hiddenPrefix(target) + kind.substring(".lrfinder".length()) + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes a folder's entries durable; a file system that cannot do it for folders is left as it is. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the files themselves are already on disk
        }
    }

    /** The new folder keeps the old one's permissions (a user's chmod 700 stays). */
    private static void copyPermissions(Path from, Path to) {
        try {
            if (Files.getFileStore(from).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the new folder keeps the default permissions
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException gone) {
                // removed meanwhile
            }
        }
    }

    private static void pauseForTests() {
        long millis = Long.getLong(PAUSE_PROPERTY, 0);
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
