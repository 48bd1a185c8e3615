package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/**
 * Training stopped because its loss or its weights stopped being finite numbers (a learning rate too high, no
 * clipping): every trainer throws it, with a message that says when and what was kept, and the {@code rnn4j}
 * command ends with it as exit code 3.
 */
public final class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }

    /**
     * Throws when a weight is NaN or infinite, which an update can leave with a finite loss: "the weights became
     * NaN or infinite {@code when}; {@code outcome} (try ...)", e.g. when = "in epoch 3", outcome = "no model
     * written".
     */
    public static void checkWeights(Parameters params, String when, String outcome) {
        if (params.nonFiniteCount() > 0) {
            throw new DivergedException("the weights became NaN or infinite " + when + "; " + outcome
                    + " (try a lower --learning-rate or --grad-clip)");
        }
    }
}
