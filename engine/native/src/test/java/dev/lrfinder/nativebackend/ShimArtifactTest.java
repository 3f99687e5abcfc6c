package dev.lrfinder.nativebackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim inside the platform-classified native artifact, as a library user's class path holds it. */
class ShimArtifactTest {
    @TempDir
    Path dir;

    @Test
    void theNativeArtifactsShimIsExtractedOnceAndLoads() throws Throwable {
        Path built = Path.of(System.getProperty("lrfinder.shim", "target/native/liblrfinder_shim.so"));
        assumeTrue(Files.isRegularFile(built), "SKIPPED: the native shim is not built");
        byte[] shim = Files.readAllBytes(built);
        Path cache = dir.resolve("cache");
        try (URLClassLoader loader = loaderOf(nativeJar("cpu", shim))) {
            Path extracted = ShimArtifact.extract(loader, cache).orElseThrow();
            assertTrue(extracted.startsWith(cache), extracted.toString());
            assertArrayEquals(shim, Files.readAllBytes(extracted));
            FileTime written = FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(extracted, written);
            assertEquals(extracted, ShimArtifact.extract(loader, cache).orElseThrow());
            assertEquals(written, Files.getLastModifiedTime(extracted), "a later use does not write it again");

            MemorySegment version = (MemorySegment) Linker.nativeLinker()
                    .downcallHandle(SymbolLookup.libraryLookup(extracted, Arena.global()).findOrThrow("lrf_version"),
                            FunctionDescriptor.of(ValueLayout.ADDRESS))
                    .invokeExact();
            assertTrue(version.reinterpret(100).getString(0).matches("\\d+\\.\\d+\\.\\d+"), "the extracted shim runs");
        }
    }

    @Test
    void aCudaBuildOnTheClassPathIsPreferredAndACacheFileCutShortIsWrittenAgain() throws IOException {
        byte[] cpu = "cpu build".getBytes();
        byte[] cuda = "cuda build, a longer file".getBytes();
        Path cache = dir.resolve("cache");
        try (URLClassLoader loader = loaderOf(nativeJar("cpu", cpu), nativeJar("cuda", cuda))) {
            Path extracted = ShimArtifact.extract(loader, cache).orElseThrow();
            assertArrayEquals(cuda, Files.readAllBytes(extracted));
            Files.write(extracted, new byte[3]); // a copy cut short by a crash
            assertArrayEquals(cuda, Files.readAllBytes(ShimArtifact.extract(loader, cache).orElseThrow()));
        }
    }

    @Test
    void withoutANativeArtifactNothingIsExtracted() throws IOException {
        Path cache = dir.resolve("cache");
        try (URLClassLoader loader = loaderOf()) {
            assertEquals(Optional.empty(), ShimArtifact.extract(loader, cache));
        }
        assertTrue(!Files.exists(cache) || isEmpty(cache));
    }

    /** A native artifact's jar holding {@code bytes} as {@code flavor}'s shim for this platform. */
    private Path nativeJar(String flavor, byte[] bytes) throws IOException {
        Path jar = dir.resolve("lrfinder-native-" + flavor + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(ShimArtifact.resource(ShimArtifact.platform(), flavor)));
            out.write(bytes);
            out.closeEntry();
        }
        return jar;
    }

    private static URLClassLoader loaderOf(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null); // no parent: only these jars
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }
}
