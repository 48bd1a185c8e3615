package org.rnn4j.reference;

import java.util.Map;

/**
 * A double-precision reference layer over a padded batch of sequences, batch-first: x[b][t][i], output
 * y[b][t][o], states s[slot][b][h]. Sequence b takes real steps t &lt; lengths[b]; at padded steps its state is
 * unchanged and its output is zero. Backward is the hand-written BPTT for the last forward call and accumulates
 * (+=) into the gradient arrays of {@link #grads()}.
 */
public interface RefSequenceLayer {
    /** The result of a forward call; hT and cT are [slots][B][H] (cT null without a cell state). */
    record Output(double[][][] y, double[][][] hT, double[][][] cT) {
    }

    /** Gradients with respect to the input and the initial state ([slots][B][H], dc0 null without a cell). */
    record InputGrad(double[][][] dx, double[][][] dh0, double[][][] dc0) {
    }

    int inputSize();

    int outputSize();

    /** Number of state slots (directions × layers). */
    int slots();

    /**
     * @param h0 initial h [slots][B][H], or null for zeros
     * @param c0 initial c [slots][B][H] (LSTM), or null for zeros
     */
    Output forward(double[][][] x, int[] lengths, double[][][] h0, double[][][] c0);

    /**
     * @param dy  ∂L/∂y [B][T][O]
     * @param dhT ∂L/∂h_T [slots][B][H], or null for zeros
     * @param dcT ∂L/∂c_T [slots][B][H], or null for zeros
     */
    InputGrad backward(double[][][] dy, double[][][] dhT, double[][][] dcT);

    /** Parameters by PyTorch name (without prefix), flat row-major; the arrays are live. */
    Map<String, double[]> params();

    /** Gradients, same names and layout as {@link #params()}. */
    Map<String, double[]> grads();

    default void zeroGrad() {
        for (double[] g : grads().values()) {
            java.util.Arrays.fill(g, 0);
        }
    }
}
