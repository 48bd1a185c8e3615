package org.rnn4j.nn;

/**
 * The element-wise part of one LSTM step for one sequence, over a leading run of the hidden units: what
 * {@link Lstm#stepForward} computes unit by unit, computed by a faster kernel ({@link VectorLstmRowForward})
 * to the same bits. Implementations are stateless.
 */
interface LstmRowForward {
    /**
     * For units j in [0, done): activates the gates at gates[g0 ..] in place (i, f, g, o blocks of h), writes
     * c_t = f ⊙ c_{t-1} + i ⊙ g to cs[next + j] from cs[prev + j], tanh(c_t) to tanhC[o + j], and
     * h_t = o ⊙ tanh(c_t) to hs[next + j] and out[o + j].
     *
     * @return done, the number of units computed (the caller computes units done … h-1)
     */
    int forward(float[] gates, int g0, float[] cs, int prev, int next, float[] tanhC, float[] hs, float[] out,
                int o, int h);
}
