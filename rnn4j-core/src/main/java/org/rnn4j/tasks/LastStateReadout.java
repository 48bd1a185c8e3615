package org.rnn4j.tasks;

import org.rnn4j.nn.RecurrentState;

import java.util.Arrays;

/**
 * The features a many-to-one model reads from a recurrent stack: the top layer's final state of every direction,
 * concatenated. With L layers, D directions and the final state h_T of shape (L·D, B, H) (each sequence's state
 * after its own last step; for the backward direction, after it has run from the sequence's own end back to its
 * first step),
 *
 * <pre>
 *   features[b, d·H + j] = h_T[(L−1)·D + d, b, j]        (B, D·H)
 * </pre>
 *
 * PyTorch: {@code torch.cat([h_n[-D + d] for d in range(D)], dim=1)}. The backward pass is the transpose, a
 * scatter: ∂L/∂h_T[(L−1)·D + d, b, j] = ∂L/∂features[b, d·H + j], and zero in every other slot (and for the
 * LSTM's c_T, which the readout does not read).
 */
public final class LastStateReadout {
    private final int layers;
    private final int directions;
    private final int hidden;

    public LastStateReadout(int layers, int directions, int hidden) {
        if (layers <= 0 || directions < 1 || directions > 2 || hidden <= 0) {
            throw new IllegalArgumentException("layers and hidden must be positive, directions 1 or 2");
        }
        this.layers = layers;
        this.directions = directions;
        this.hidden = hidden;
    }

    /** D·H. */
    public int featureSize() {
        return directions * hidden;
    }

    /** Writes features (B, D·H) into {@code out}, which must hold B·D·H floats. */
    public void forward(RecurrentState last, float[] out) {
        int batch = last.batch();
        int width = featureSize();
        for (int d = 0; d < directions; d++) {
            int slot = (layers - 1) * directions + d;
            int base = last.offset(slot);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(last.h(), base + b * hidden, out, b * width + d * hidden, hidden);
            }
        }
    }

    /** Overwrites {@code dLast} with ∂L/∂h_T given ∂L/∂features (B, D·H): the scatter above, zero elsewhere. */
    public void backward(float[] dFeatures, RecurrentState dLast) {
        dLast.zero();
        int batch = dLast.batch();
        int width = featureSize();
        for (int d = 0; d < directions; d++) {
            int slot = (layers - 1) * directions + d;
            int base = dLast.offset(slot);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(dFeatures, b * width + d * hidden, dLast.h(), base + b * hidden, hidden);
            }
        }
        if (dLast.c() != null) {
            Arrays.fill(dLast.c(), 0f);
        }
    }
}
