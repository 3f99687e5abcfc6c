package dev.lrfinder.nativebackend;

import java.lang.foreign.MemorySegment;

/**
 * One object owned by the shim. Closing frees it; closing twice or using it afterwards is an
 * {@link IllegalStateException} raised here, before any native call could see a freed pointer
 * (the shim would also refuse it: it checks every handle against the live ones). Not thread-safe.
 */
abstract class NativeHandle implements AutoCloseable {
    private final String kind;
    private MemorySegment address;

    NativeHandle(String kind, MemorySegment address) {
        this.kind = kind;
        this.address = address;
    }

    /** The live handle. */
    final MemorySegment handle() {
        if (address == null) {
            throw new IllegalStateException(kind + ": already closed");
        }
        return address;
    }

    public final boolean isClosed() {
        return address == null;
    }

    /** Frees the native object. */
    @Override
    public void close() {
        MemorySegment live = handle();
        address = null;
        free(live);
    }

    abstract void free(MemorySegment handle);
}
