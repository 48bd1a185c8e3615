package org.rnn4j.tasks;

import org.rnn4j.nn.Parameters;

import java.util.Arrays;

/**
 * Keeps a copy of a model's parameters from the epoch with the best validation score so far (the first epoch,
 * then each one that strictly improves on it) and puts it back when training ends.
 */
public final class BestParameters {
    private final Parameters parameters;
    private final boolean higherIsBetter;
    private float[] best;
    private double bestScore;

    private BestParameters(Parameters parameters, boolean higherIsBetter) {
        this.parameters = parameters;
        this.higherIsBetter = higherIsBetter;
    }

    /** For a score such as accuracy. */
    public static BestParameters highest(Parameters parameters) {
        return new BestParameters(parameters, true);
    }

    /** For a score such as a loss. */
    public static BestParameters lowest(Parameters parameters) {
        return new BestParameters(parameters, false);
    }

    /** Copies the current parameters if this is the first score offered or it beats the best so far. */
    public void offer(double score) {
        if (best == null || (higherIsBetter ? score > bestScore : score < bestScore)) {
            bestScore = score;
            best = Arrays.copyOf(parameters.data(), parameters.size());
        }
    }

    /** Puts the kept parameters back into the model. */
    public void restore() {
        System.arraycopy(best, 0, parameters.data(), 0, best.length);
    }
}
