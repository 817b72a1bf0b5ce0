package io.github.jnibuffer;

/**
 * A demo_lib function returned an error code that the Java-side checks should have made impossible.
 *
 * <p>The safe API validates every argument before it calls C, so seeing this exception means a bug in this
 * library or in the C library, never a misuse by the caller (that gets {@link IllegalArgumentException},
 * {@link IndexOutOfBoundsException} or {@link IllegalStateException} first).
 */
public final class NativeCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The C function that failed. */
    private final String function;
    /** What it returned. */
    private final int errorCode;

    /**
     * Creates the exception.
     *
     * @param function the C function that failed, e.g. {@code fill_buffer}
     * @param errorCode what it returned
     */
    public NativeCallException(String function, int errorCode) {
        super(function + " failed with error code " + errorCode);
        this.function = function;
        this.errorCode = errorCode;
    }

    /**
     * The C function that failed.
     *
     * @return its name, e.g. {@code fill_buffer}
     */
    public String function() {
        return function;
    }

    /**
     * What the C function returned.
     *
     * @return its error code
     */
    public int errorCode() {
        return errorCode;
    }
}
