package dev.lrfinder.cli;

import dev.lrfinder.nativebackend.NativeBackend;
import dev.lrfinder.report.Version;
import picocli.CommandLine;

/**
 * {@code lrfinder --version} (and every subcommand's): lrfinder's version and the DJL and libtorch
 * versions it is built against, read from the jars' own metadata and the native shim's file so that
 * no native library is loaded just to print them.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "lrfinder " + Version.LRFINDER,
            "DJL " + orUnknown(ai.djl.engine.Engine.class.getPackage().getSpecificationVersion()),
            NativeBackend.builtTorchVersion().map(v -> "libtorch " + v + " (native backend, the default)")
                    .orElse("libtorch: no native backend (its shim is not built; find uses the DJL backend)"),
            "libtorch " + Version.LIBTORCH + " (DJL backend, CPU)",
            "Java " + Runtime.version()
        };
    }

    private static String orUnknown(String v) {
        return v != null ? v : "unknown";
    }
}
