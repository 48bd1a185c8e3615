package org.rnn4j.longlag;

/** What a long-time-lag task asks of the network, and so which loss trains it. */
public enum Objective {
    /** One real number (or vector) read from the last step: mean squared error (the adding problem). */
    REGRESSION_LAST_STEP,
    /** One class read from the last step: softmax cross-entropy (sequential MNIST). */
    CLASSIFY_LAST_STEP,
    /** A class at every step: softmax cross-entropy averaged over steps (the copy-memory task). */
    CLASSIFY_EVERY_STEP;

    public boolean lastStepOnly() {
        return this != CLASSIFY_EVERY_STEP;
    }
}
