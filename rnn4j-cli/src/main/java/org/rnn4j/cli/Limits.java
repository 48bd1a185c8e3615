package org.rnn4j.cli;

/**
 * Checks of numbers given on the command line that the parser lets through: a size so large that an array's
 * length overflows deep inside, a rate that is NaN or infinite. Each refusal names the flag.
 */
final class Limits {
    /** The longest Java array (a little under 2^31: the JVM keeps a few words for the header). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Limits() {
    }

    /**
     * The length of one array of the given dimensions, refused with {@code flags} named when it overflows what a
     * Java array holds; e.g. {@code arrayLength("--batch-size and --seq-length", seq, batch, 4 * hidden)}.
     */
    static long arrayLength(String flags, long... dimensions) {
        long length = 1;
        for (long d : dimensions) {
            if (d <= 0) {
                return 0;       // a non-positive size is the caller's own check to make, with its own message
            }
            if (length > MAX_ARRAY / d) {
                throw new UserError(flags + " too large: one array would need more than " + MAX_ARRAY
                        + " elements, more than Java allows");
            }
            length *= d;
        }
        return length;
    }

    /** {@code value}, refused with the flag named unless it is finite. */
    static double finite(String flag, double value) {
        if (!Double.isFinite(value)) {
            throw new UserError(flag + " must be a finite number, not " + value);
        }
        return value;
    }

    /** {@code value}, refused with the flag named unless it lies in [min, max] (NaN lies nowhere). */
    static double inRange(String flag, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new UserError(flag + " must be in [" + min + ", " + max + "], not " + value);
        }
        return value;
    }

    /** {@code value}, refused with the flag named unless it lies in [min, max]. */
    static long inRange(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UserError(flag + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
