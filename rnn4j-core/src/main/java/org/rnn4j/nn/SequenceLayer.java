package org.rnn4j.nn;

/**
 * A layer over a batch of sequences, time-major: input x is (T, B, I), output (T, B, O), both flat float
 * arrays with element (t, b, i) at {@code (t*B + b)*I + i}.
 *
 * <p>{@code lengths} (may be null: every sequence has T steps) gives each sequence's own length; at padded steps
 * (t ≥ lengths[b]) the state is left unchanged and the output is zero, so a padded batch computes what each
 * sequence computes alone. The arrays a layer returns are its own buffers, valid until its next call; the
 * input x must stay unchanged between forward and the matching backward. Backward accumulates parameter
 * gradients into {@link Parameters#grad()}.
 */
public interface SequenceLayer {
    int inputSize();

    int outputSize();

    /**
     * Runs the whole sequence.
     *
     * @param initial the initial state, or null for zeros. Not modified.
     * @param last    receives the final state (each sequence's state after its own last step), or null.
     * @return the output (T, B, O)
     */
    float[] forward(float[] x, int steps, int batch, int[] lengths, RecurrentState initial, RecurrentState last);

    /**
     * Backpropagation through time for the last forward call.
     *
     * @param dOutput      gradient of the loss with respect to the output (T, B, O). Not modified.
     * @param dLast        gradient with respect to the final state, or null for zeros. Not modified.
     * @param dInitial     receives the gradient with respect to the initial state, or null.
     * @return the gradient with respect to the input x (T, B, I)
     */
    float[] backward(float[] dOutput, RecurrentState dLast, RecurrentState dInitial);
}
