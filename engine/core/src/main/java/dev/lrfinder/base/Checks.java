package dev.lrfinder.base;

/**
 * Argument checks whose messages name the parameter, the value and what is allowed, so that a
 * command line can print them as they are.
 */
public final class Checks {
    private Checks() {}

    /** Throws unless {@code value} is finite and strictly positive. */
    public static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw invalid(name, value, "a finite number > 0");
        }
        return value;
    }

    /** Throws unless {@code value} is finite and {@code >= 0}. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw invalid(name, value, "a finite number >= 0");
        }
        return value;
    }

    /** Throws unless {@code min <= value <= max}. */
    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(name, value, "an integer in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** Throws unless {@code min <= value < max} and finite. */
    public static double inHalfOpen(String name, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw invalid(name, value, "a number in [" + min + ", " + max + ")");
        }
        return value;
    }

    /**
     * An exception in the one format every bad value gets: {@code name = value: must be allowed}.
     * Its parts stay apart ({@link InvalidArgumentException}) for a caller that names parameters
     * its own way; {@code allowed} may name other parameters by their API names.
     */
    public static InvalidArgumentException invalid(String name, Object value, String allowed) {
        return new InvalidArgumentException(name, value, allowed);
    }
}
