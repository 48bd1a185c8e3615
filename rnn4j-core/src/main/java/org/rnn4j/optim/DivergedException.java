package org.rnn4j.optim;

/**
 * Training stopped because its loss or its weights stopped being finite numbers (a learning rate too high, no
 * clipping): every trainer throws it, with a message that says when and what was kept, and the {@code rnn4j}
 * command ends with it as exit code 3.
 */
public final class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}
