package dev.lrfinder.nativebackend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shim as a library user gets it: inside the platform-classified native artifact ({@code
 * dev.lrfinder:lrfinder-native:VERSION:linux-x86_64}, and a CUDA build's {@code linux-x86_64-cuda}),
 * at {@code native/lrfinder/PLATFORM/FLAVOR/liblrfinder_shim.so}, and extracted on first use into a
 * cache folder, as DJL does with its native libraries: a library cannot be loaded from inside a jar.
 *
 * <p>The cache is {@code LRFINDER_CACHE_DIR} (or the system property {@code lrfinder.cacheDir}),
 * else {@code ~/.lrfinder/cache}; each shim goes to a folder named after its content's hash, so
 * versions and flavors never overwrite each other and a file once extracted is never rewritten.
 */
final class ShimArtifact {
    /** The flavors looked for, in order: a CUDA build is on the class path only when asked for. */
    static final List<String> FLAVORS = List.of("cuda", "cpu");

    private ShimArtifact() {}

    /** This machine as DJL names platforms: {@code linux-x86_64}, {@code osx-aarch64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : os.replace(' ', '-');
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch;
        };
        return osName + "-" + archName;
    }

    /** Where {@code flavor}'s shim for {@code platform} sits inside its native artifact. */
    static String resource(String platform, String flavor) {
        return "native/lrfinder/" + platform + "/" + flavor + "/" + NativeShim.LIBRARY;
    }

    /** The Maven coordinates of this platform's CPU artifact, as a user adds them. */
    static String coordinates() {
        String version = NativeShim.class.getPackage().getImplementationVersion();
        return "dev.lrfinder:lrfinder-native:" + (version == null ? "VERSION" : version) + ":" + platform();
    }

    /** The cache folder: LRFINDER_CACHE_DIR, the lrfinder.cacheDir property, else ~/.lrfinder/cache. */
    static Path cacheDir() {
        String property = System.getProperty("lrfinder.cacheDir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("LRFINDER_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".lrfinder", "cache");
    }

    /**
     * The first flavor's shim found by {@code loader} for this platform, extracted under {@code
     * cache}; empty when no native artifact for this platform is on the class path.
     */
    static Optional<Path> extract(ClassLoader loader, Path cache) {
        String platform = platform();
        for (String flavor : FLAVORS) {
            String name = resource(platform, flavor);
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in != null) {
                    return Optional.of(extract(in.readAllBytes(), cache.resolve("native").resolve(platform + "-" + flavor)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the native shim " + name + " into " + cache, e);
            }
        }
        return Optional.empty();
    }

    /** {@code bytes} as {@code folder/HASH/liblrfinder_shim.so}, written once (atomically: runs in other JVMs may race). */
    private static Path extract(byte[] bytes, Path folder) throws IOException {
        Path target = folder.resolve(sha256(bytes)).resolve(NativeShim.LIBRARY);
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), NativeShim.LIBRARY, ".part");
        try {
            Files.write(partial, bytes);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
