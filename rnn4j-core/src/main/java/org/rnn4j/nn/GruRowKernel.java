package org.rnn4j.nn;

/**
 * The element-wise part of one GRU step for one sequence, forward and backward, over a leading run of the hidden
 * units: what {@link Gru#stepForward} and {@link Gru#stepBackward} compute unit by unit, computed by a faster
 * kernel ({@link VectorGruRowKernel}) to the same bits. Implementations are stateless.
 */
interface GruRowKernel {
    /**
     * For units j in [0, done): from the input projection at gates[g0 ..] and the recurrent projection at
     * hproj[g0 ..] (r, z, n blocks of h), writes r = σ(a_r + p_r), z = σ(a_z + p_z) and n = tanh(a_n + r ⊙ p_n)
     * over the gates in place, and h_t = (1 - z) ⊙ n + z ⊙ h_{t-1} to hs[next + j] (from hs[prev + j]) and
     * out[o + j].
     *
     * @return done, the number of units computed (the caller computes units done … h-1)
     */
    int forward(float[] gates, float[] hproj, int g0, float[] hs, int prev, int next, float[] out, int o, int h);

    /**
     * For units j in [0, done): from the activated gates at gates[g0 ..], hproj[g0 ..], h_{t-1} at hs[prev + j],
     * the carried gradient dh[s + j] and the output's gradient dOutput[o + j], writes the gradients of the input
     * pre-activations to dGates[g0 ..], of the recurrent projection to dHproj[g0 ..], and the direct part of
     * ∂L/∂h_{t-1}, dh ⊙ z, to dh[s + j] (the recurrent product adds the rest after). dGates may be gates itself:
     * a unit's three gates are read before its gradients are written.
     *
     * @return done, the number of units computed
     */
    int backward(float[] gates, float[] hproj, int g0, float[] hs, int prev, int o, float[] dOutput, float[] dh,
                 int s, float[] dGates, float[] dHproj, int h);
}
