package dev.lrfinder.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.BitSet;
import java.util.Locale;

/**
 * The one float32 feature block of a data set: {@code rows x rowFloats} floats, row-major, in a
 * direct buffer of the platform's byte order, so that the native backend can view it with
 * {@code MemorySegment.ofBuffer} and DJL can read it with {@code NDManager.create(FloatBuffer)},
 * neither copying it on the Java heap first. A slice shares the memory of the block it came from.
 */
final class FeatureBlock {
    /** A direct buffer is indexed by int: one block holds at most this many bytes (2 GiB less 8). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 7L;

    private final ByteBuffer bytes;
    private final FloatBuffer floats;
    private final int rows;
    private final int rowFloats;

    private FeatureBlock(ByteBuffer bytes, int rows, int rowFloats) {
        this.bytes = bytes;
        this.floats = bytes.asFloatBuffer();
        this.rows = rows;
        this.rowFloats = rowFloats;
    }

    /** A zeroed block; {@code source} names the data in the one-line message when it does not fit. */
    static FeatureBlock allocate(int rows, int rowFloats, String source) {
        long bytes = (long) rows * rowFloats * Float.BYTES;
        if (bytes > MAX_BYTES) {
            throw new DataFileException(String.format(Locale.ROOT,
                    "%s: %,d samples of %,d floats need %.1f GiB as float32, over the 2 GiB one feature block holds"
                            + " (use fewer samples or, for images, a smaller image size)",
                    source, rows, rowFloats, bytes / (double) (1L << 30)));
        }
        try {
            return new FeatureBlock(ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()), rows, rowFloats);
        } catch (OutOfMemoryError e) {
            // Direct memory is capped apart from the heap (by default at the maximum heap size).
            throw new DataFileException(String.format(Locale.ROOT,
                    "%s: %,d MB of direct memory for the features could not be reserved (%s);"
                            + " raise -XX:MaxDirectMemorySize or -Xmx",
                    source, bytes >> 20, e.getMessage()), e);
        }
    }

    int rows() {
        return rows;
    }

    int rowFloats() {
        return rowFloats;
    }

    /** The writable bytes (absolute access only: the buffer is shared). */
    ByteBuffer bytes() {
        return bytes;
    }

    /** The writable floats (absolute access only: the view is shared). */
    FloatBuffer floats() {
        return floats;
    }

    /** A read-only view of all floats, position 0, for callers who may move its position. */
    FloatBuffer readOnly() {
        return floats.asReadOnlyBuffer();
    }

    /** Rows {@code [from, to)}, sharing this block's memory. */
    FeatureBlock slice(int from, int to) {
        int bytesPerRow = rowFloats * Float.BYTES;
        ByteBuffer part = bytes.slice(from * bytesPerRow, (to - from) * bytesPerRow).order(ByteOrder.nativeOrder());
        return new FeatureBlock(part, to - from, rowFloats);
    }

    /** A new block whose row {@code k} is a copy of this block's row {@code order[k]}. */
    FeatureBlock gather(int[] order, String source) {
        FeatureBlock out = allocate(order.length, rowFloats, source);
        int bytesPerRow = rowFloats * Float.BYTES;
        for (int k = 0; k < order.length; k++) {
            out.bytes.put(k * bytesPerRow, bytes, order[k] * bytesPerRow, bytesPerRow);
        }
        return out;
    }

    /**
     * Reorders the rows in place so that row {@code k} holds what row {@code order[k]} held, with
     * one row of scratch: a split of freshly read data then needs no second block. {@code order}
     * must be a permutation of {@code 0 .. rows-1}.
     */
    void permuteInPlace(int[] order) {
        int bytesPerRow = rowFloats * Float.BYTES;
        ByteBuffer scratch = ByteBuffer.allocate(bytesPerRow);
        BitSet done = new BitSet(rows);
        for (int start = 0; start < rows; start++) {
            if (done.get(start) || order[start] == start) {
                continue;
            }
            scratch.put(0, bytes, start * bytesPerRow, bytesPerRow);
            int k = start;
            while (true) {
                done.set(k);
                int from = order[k];
                if (from == start) {
                    bytes.put(k * bytesPerRow, scratch, 0, bytesPerRow);
                    break;
                }
                bytes.put(k * bytesPerRow, bytes, from * bytesPerRow, bytesPerRow);
                k = from;
            }
        }
    }
}
