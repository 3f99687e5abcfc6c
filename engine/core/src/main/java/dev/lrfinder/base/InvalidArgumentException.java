package dev.lrfinder.base;

/**
 * A bad value, with its parts kept apart so that a caller can name the parameter as its own user
 * knows it (a command line prints {@code lrMin} as {@code --lr-min}): the parameter, the value and
 * what is allowed. The message is {@code parameter = value: must be allowed}. Thrown by {@link Checks}.
 */
public final class InvalidArgumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String value;
    private final String allowed;

    /**
     * @param parameter the parameter's name in the API ({@code lrMax})
     * @param value the value given, as text
     * @param allowed what is allowed, completing "must be ..."; it may name other parameters
     *     ({@code greater than lrMin (1.0)})
     */
    public InvalidArgumentException(String parameter, Object value, String allowed) {
        super(parameter + " = " + value + ": must be " + allowed);
        this.parameter = parameter;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /** The parameter's name in the API. */
    public String parameter() {
        return parameter;
    }

    /** The value given, as text. */
    public String value() {
        return value;
    }

    /** What is allowed, completing "must be ...". */
    public String allowed() {
        return allowed;
    }
}
