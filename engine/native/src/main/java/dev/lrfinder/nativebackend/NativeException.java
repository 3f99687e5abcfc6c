package dev.lrfinder.nativebackend;

/**
 * An error the native shim reported that is neither a bad argument ({@link
 * IllegalArgumentException}) nor a dead handle ({@link IllegalStateException}): libtorch raised
 * one, or something unexpected happened. The message is the shim's own.
 */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The shim's error codes, from {@code lrfinder_shim.h}. */
    static final int ARGUMENT = 1;
    static final int HANDLE = 2;
    static final int IO = 3;
    static final int TORCH = 4;
    static final int INTERNAL = 5;

    private final int code;

    NativeException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** {@code LRF_E_TORCH} (4) for libtorch's own errors, {@code LRF_E_INTERNAL} (5) otherwise. */
    public int code() {
        return code;
    }
}
