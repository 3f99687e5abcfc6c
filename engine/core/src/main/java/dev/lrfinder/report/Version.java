package dev.lrfinder.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Versions as packaged, read from jar metadata so that printing them loads no native library:
 * lrfinder's own (its manifest; "dev" when run from classes) and the libtorch that DJL's
 * pytorch-native jar carries.
 */
public final class Version {
    public static final String LRFINDER = orDev(Version.class.getPackage().getImplementationVersion());
    public static final String LIBTORCH = bundledLibtorch();

    private Version() {}

    private static String orDev(String v) {
        return v != null ? v : "dev";
    }

    private static String bundledLibtorch() {
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return "not bundled";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            int build = v.indexOf('-'); // "2.7.1-20250812": release, then build date
            return build > 0 ? v.substring(0, build) : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
