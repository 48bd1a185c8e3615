package org.rnn4j.cli;

import org.rnn4j.nn.CellType;

/**
 * Adds up the parameters of a model to be built, shape by shape, and refuses with the flags named when one
 * tensor, or all of them together (they live in one buffer), would not fit in a Java array.
 */
final class ParameterCount {
    private final String allFlags;
    private long total;

    /** @param allFlags the size flags, named when only the sum of all tensors is too large */
    ParameterCount(String allFlags) {
        this.allFlags = allFlags;
    }

    /** Adds a tensor of the given dimensions, which {@code flags} set. */
    ParameterCount add(String flags, long... dimensions) {
        total += FlagChecks.arrayLength(flags, dimensions);
        if (total > FlagChecks.MAX_ARRAY) {
            throw new UserError(allFlags + " too large: the model would have more than " + FlagChecks.MAX_ARRAY
                    + " parameters, more than one buffer holds");
        }
        return this;
    }

    /**
     * Adds one layer of a recurrent network (both directions when bidirectional): per direction the weights
     * gates·H × I and gates·H × H and two biases of gates·H; and checks that the arrays of a batch, T × B ×
     * gates·H and (T + 1) × B × H, fit too.
     */
    ParameterCount recurrent(String flags, int gates, long input, long hidden, boolean bidirectional,
                             long steps, long batch) {
        long rows = FlagChecks.arrayLength(flags, gates, hidden);
        for (int d = bidirectional ? 2 : 1; d > 0; d--) {
            add(flags, rows, input).add(flags, rows, hidden).add(flags, rows).add(flags, rows);
        }
        FlagChecks.arrayLength(flags, steps, batch, rows);
        FlagChecks.arrayLength(flags, steps + 1, batch, hidden);
        return this;
    }

    /**
     * Adds a recurrent stack (per layer and direction: weight_ih (G·H, in), weight_hh (G·H, H) and two biases of
     * G·H; in is the input size for the first layer, D·H above it), naming the flag at fault where one matrix or
     * the stack overflows a Java array.
     *
     * @param inputFlag the flag that sets the input size, or null where the data fixes it
     */
    ParameterCount recurrentStack(CellType cell, String inputFlag, long input, long hidden, long layers,
                                  boolean bidirectional) {
        long g = cell.gates();
        long d = bidirectional ? 2 : 1;
        String inputAndHidden = inputFlag == null ? "--hidden-size" : inputFlag + " and --hidden-size";
        FlagChecks.arrayLength("--hidden-size", g, hidden, hidden);
        if (inputFlag != null) {
            FlagChecks.arrayLength(inputFlag, g, input);
        }
        long first = FlagChecks.arrayLength(inputAndHidden, g, hidden, input)
                + FlagChecks.arrayLength("--hidden-size", g, hidden, hidden) + 2 * g * hidden;
        long stack = FlagChecks.arrayLength(inputAndHidden, d, first);
        if (layers > 1) {
            long upper = FlagChecks.arrayLength("--hidden-size", g, hidden, d, hidden)
                    + FlagChecks.arrayLength("--hidden-size", g, hidden, hidden) + 2 * g * hidden;
            stack += FlagChecks.arrayLength("--layers and --hidden-size", layers - 1, d, upper);
        }
        return add(allFlags, stack);
    }

    /** The parameters added so far. */
    long total() {
        return total;
    }
}
