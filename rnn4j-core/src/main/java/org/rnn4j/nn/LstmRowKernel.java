package org.rnn4j.nn;

/**
 * The element-wise part of one LSTM step for one sequence, forward and backward, over a leading run of the
 * hidden units: what {@link Lstm#stepForward} and {@link Lstm#stepBackward} compute unit by unit, computed by a
 * faster kernel ({@link VectorLstmRowKernel}) to the same bits. Implementations are stateless.
 */
interface LstmRowKernel {
    /**
     * For units j in [0, done): activates the gates at gates[g0 ..] in place (i, f, g, o blocks of h), writes
     * c_t = f ⊙ c_{t-1} + i ⊙ g to cs[next + j] from cs[prev + j], tanh(c_t) to tanhC[o + j], and
     * h_t = o ⊙ tanh(c_t) to hs[next + j] and out[o + j].
     *
     * @return done, the number of units computed (the caller computes units done … h-1)
     */
    int forward(float[] gates, int g0, float[] cs, int prev, int next, float[] tanhC, float[] hs, float[] out,
                int o, int h);

    /**
     * For units j in [0, done): from the activated gates at gates[g0 ..], c_{t-1} at cs[prev + j], tanh(c_t) at
     * tanhC[o + j], the carried gradients dh[s + j] and dc[s + j] and the output's gradient dOutput[o + j], writes
     * the pre-activation gradients to dGates[g0 ..] (i, f, g, o blocks) and adds each to the sequence's running
     * sum at rowSums[r ..] (same blocks; the bias gradient), writes ∂L/∂c_{t-1} to dc[s + j] and zero to dh[s + j]
     * (the recurrent product adds ∂L/∂h_{t-1} after). dGates may be gates itself: a unit's four gates are read
     * before its gradients are written.
     *
     * @return done, the number of units computed
     */
    int backward(float[] gates, int g0, float[] cs, int prev, float[] tanhC, int o, float[] dOutput, float[] dh,
                 float[] dc, int s, float[] dGates, float[] rowSums, int r, int h);
}
