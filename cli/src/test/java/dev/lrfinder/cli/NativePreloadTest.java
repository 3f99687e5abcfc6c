package dev.lrfinder.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** libtorch is loaded ahead only where the command line alone says which backend runs, and it is a native one. */
class NativePreloadTest {
    @Test
    void nativeIsLoadedAheadForAutoOrNativeAndNeverForDjlOrAProfile() {
        assertTrue(NativePreload.nativeMayRun(new String[] {"find"}));
        assertTrue(NativePreload.nativeMayRun(new String[] {"find", "--backend", "native", "--runs", "2"}));
        assertTrue(NativePreload.nativeMayRun(new String[] {"find", "--backend=auto"}));
        assertFalse(NativePreload.nativeMayRun(new String[] {"find", "--backend", "djl"}));
        assertFalse(NativePreload.nativeMayRun(new String[] {"find", "--backend=djl"}));
        assertFalse(NativePreload.nativeMayRun(new String[] {"find", "--config", "local"}), "a profile may name djl");
        assertFalse(NativePreload.nativeMayRun(new String[] {"find", "--config=local.toml", "--backend", "native"}));
    }
}
