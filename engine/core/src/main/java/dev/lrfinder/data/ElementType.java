package dev.lrfinder.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * A binary array's element type, as NumPy's dtype or an IDX type code gives it, and the
 * streaming conversion of such elements to float32 (features) or to integers and reals (labels),
 * in chunks so that no array is ever held twice.
 *
 * @param kind NumPy's kind letter: {@code f} float, {@code i} signed, {@code u} unsigned, {@code b} bool
 * @param size bytes per element
 * @param order the elements' byte order
 */
record ElementType(char kind, int size, ByteOrder order) {
    /** Elements converted per chunk. */
    private static final int CHUNK_ELEMENTS = 1 << 15;

    boolean isInteger() {
        return kind == 'i' || kind == 'u' || kind == 'b';
    }

    /** NumPy's name for the type, e.g. {@code float32}, {@code uint8}. */
    String name() {
        return switch (kind) {
            case 'f' -> "float" + size * 8;
            case 'i' -> "int" + size * 8;
            case 'u' -> "uint" + size * 8;
            default -> "bool";
        };
    }

    /**
     * Reads {@code count} elements into {@code dst} from index {@code at} on, as floats times
     * {@code scale}. Non-finite values are refused, naming {@code where} and the element's index.
     */
    void readFloats(InputStream in, long count, FloatBuffer dst, int at, float scale, String where) throws IOException {
        float[] floats = new float[CHUNK_ELEMENTS];
        inChunks(in, count, where, (view, n, done) -> {
            convert(view, n, floats);
            if (scale != 1f) {
                for (int i = 0; i < n; i++) {
                    floats[i] *= scale;
                }
            }
            if (kind == 'f') {
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(floats[i])) {
                        throw new DataFileException(String.format(Locale.ROOT, "%s: element %,d is %s, not a finite float32 number",
                                where, done + i, floats[i]));
                    }
                }
            }
            dst.put(at + (int) done, floats, 0, n);
        });
    }

    /** Reads {@code count} integer elements (kind i, u or b). */
    long[] readIntegers(InputStream in, int count, String where) throws IOException {
        // grown as the elements arrive, not sized by the header: one that claims 2^31 labels in a
        // file of a few bytes is "the data ends after ...", not an OutOfMemoryError
        long[][] out = {new long[Math.min(count, CHUNK_ELEMENTS)]};
        inChunks(in, count, where, (view, n, done) -> {
            if (done + n > out[0].length) {
                out[0] = java.util.Arrays.copyOf(out[0], (int) Math.min(count, Math.max(done + n, 2L * out[0].length)));
            }
            for (int i = 0; i < n; i++) {
                out[0][(int) done + i] = integer(view, i);
            }
        });
        return out[0];
    }

    /** Reads {@code count} float elements as doubles. */
    double[] readReals(InputStream in, int count, String where) throws IOException {
        double[][] out = {new double[Math.min(count, CHUNK_ELEMENTS)]}; // grown as readIntegers' is
        inChunks(in, count, where, (view, n, done) -> {
            if (done + n > out[0].length) {
                out[0] = java.util.Arrays.copyOf(out[0], (int) Math.min(count, Math.max(done + n, 2L * out[0].length)));
            }
            for (int i = 0; i < n; i++) {
                out[0][(int) done + i] = size == 4 ? view.getFloat(i * 4) : view.getDouble(i * 8);
            }
        });
        return out[0];
    }

    @FunctionalInterface
    private interface Chunk {
        /** Elements {@code [done, done + n)} are the first {@code n} of {@code view}. */
        void accept(ByteBuffer view, int n, long done);
    }

    private void inChunks(InputStream in, long count, String where, Chunk chunk) throws IOException {
        byte[] bytes = new byte[(int) Math.min(CHUNK_ELEMENTS, Math.max(count, 1)) * size];
        ByteBuffer view = ByteBuffer.wrap(bytes).order(order);
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(CHUNK_ELEMENTS, count - done);
            int got = in.readNBytes(bytes, 0, n * size);
            if (got < n * size) {
                throw new DataFileException(String.format(Locale.ROOT, "%s: the data ends after %,d of its %,d elements (truncated?)",
                        where, done + got / size, count));
            }
            chunk.accept(view, n, done);
            done += n;
        }
    }

    private void convert(ByteBuffer view, int n, float[] out) {
        switch (kind) {
            case 'f' -> {
                if (size == 4) {
                    view.asFloatBuffer().get(0, out, 0, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) view.getDouble(i * 8);
                    }
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = integer(view, i);
                }
            }
        }
    }

    private long integer(ByteBuffer view, int i) {
        return switch (size) {
            case 1 -> kind == 'u' || kind == 'b' ? view.get(i) & 0xFF : view.get(i);
            case 2 -> kind == 'u' ? view.getShort(i * 2) & 0xFFFF : view.getShort(i * 2);
            case 4 -> kind == 'u' ? view.getInt(i * 4) & 0xFFFF_FFFFL : view.getInt(i * 4);
            default -> view.getLong(i * 8);
        };
    }
}
