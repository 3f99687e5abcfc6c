package dev.lrfinder.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The header of a NumPy {@code .npy} array (format versions 1 to 3): the magic, then a Python
 * dict literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (100, 784), }},
 * which becomes JSON once tuples are lists and the booleans lower case.
 *
 * @param type the element type
 * @param shape the array's shape
 */
record NpyHeader(ElementType type, long[] shape) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final JsonMapper DICT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /** Elements in the array. */
    long count() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** NumPy's way of writing the shape, e.g. {@code (100, 784)} or {@code (100,)}. */
    String shapeText() {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return "(" + dims + (shape.length == 1 ? ",)" : ")");
    }

    /** Reads the header, leaving {@code in} at the first element; {@code where} names the array in messages. */
    static NpyHeader read(InputStream in, String where) throws IOException {
        byte[] lead = in.readNBytes(8);
        if (lead.length < 8 || !Arrays.equals(Arrays.copyOf(lead, 6), MAGIC)) {
            throw new DataFileException(where + ": not a NumPy .npy array (no \\x93NUMPY magic)");
        }
        int major = lead[6];
        if (major < 1 || major > 3) {
            throw new DataFileException(where + ": .npy format version " + major + "." + lead[7] + " is not supported (1.0 to 3.0)");
        }
        byte[] size = in.readNBytes(major == 1 ? 2 : 4);
        ByteBuffer sizeView = ByteBuffer.wrap(Arrays.copyOf(size, 4)).order(ByteOrder.LITTLE_ENDIAN);
        int length = sizeView.getInt();
        byte[] text = in.readNBytes(length);
        if (size.length < (major == 1 ? 2 : 4) || length < 0 || text.length < length) {
            throw new DataFileException(where + ": the .npy header is cut short");
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        JsonNode header;
        try {
            header = DICT.readTree(dict.replace('(', '[').replace(')', ']')
                    .replace("True", "true").replace("False", "false"));
        } catch (JacksonException e) {
            throw new DataFileException(where + ": the .npy header " + shown(dict) + " cannot be read");
        }
        JsonNode descr = header.get("descr");
        JsonNode fortran = header.get("fortran_order");
        JsonNode shape = header.get("shape");
        if (descr == null || fortran == null || shape == null || !shape.isArray()) {
            throw new DataFileException(where + ": the .npy header " + shown(dict) + " lacks descr, fortran_order or shape");
        }
        if (fortran.asBoolean()) {
            throw new DataFileException(where + ": Fortran order is not supported: must be C order"
                    + " (save numpy.ascontiguousarray(a))");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong(-1);
            if (dims[i] < 0) {
                throw new DataFileException(where + ": shape " + shape + " is not a list of sizes");
            }
        }
        return new NpyHeader(type(descr, where), dims);
    }

    /** The header's text for a one-line message: control characters as {@code \xNN}, at most 200 characters. */
    private static String shown(String dict) {
        StringBuilder b = new StringBuilder();
        for (char c : dict.toCharArray()) {
            if (b.length() >= 200) {
                return b + "...";
            }
            b.append(c < 0x20 || c == 0x7F ? String.format(Locale.ROOT, "\\x%02X", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static ElementType type(JsonNode descr, String where) {
        String d = descr.isTextual() ? descr.asText() : descr.toString();
        boolean known = descr.isTextual() && d.length() >= 3 && "<>|=".indexOf(d.charAt(0)) >= 0;
        char kind = known ? d.charAt(1) : '?';
        int size = known && d.substring(2).matches("\\d{1,2}") ? Integer.parseInt(d.substring(2)) : -1;
        boolean supported = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!supported) {
            throw new DataFileException(where + ": dtype '" + shown(d) + "' is not supported: must be float32, float64,"
                    + " a signed or unsigned integer of 8 to 64 bits, or bool");
        }
        ByteOrder order = d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
                : d.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN
                : ByteOrder.nativeOrder();
        return new ElementType(kind, size, order);
    }
}
