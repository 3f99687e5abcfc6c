package dev.lrfinder.base;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum constant known by an id in files and on the command line ({@code sgd}, {@code
 * exponential}), looked up by that id with one message for every enum when nothing matches.
 */
public interface Named {

    /** The constant's name, as every enum has it. */
    String name();

    /** The id files and the command line use: by default the constant's name in lower case. */
    default String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose {@link #id()} is {@code id}, ignoring case and surrounding blanks.
     *
     * @param parameter what the id was given as, for the message ({@code optimizer}, {@code task})
     * @throws IllegalArgumentException {@code parameter = id: must be one of ...} when none matches
     */
    static <E extends Enum<E> & Named> E byId(Class<E> type, String parameter, String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.id().equals(wanted)) {
                return constant;
            }
        }
        throw Checks.invalid(parameter, id, "one of " + ids(type));
    }

    /** The ids of {@code type}'s constants in declaration order, comma separated, for messages and help. */
    static <E extends Enum<E> & Named> String ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Named::id).collect(Collectors.joining(", "));
    }
}
