package org.rnn4j.nn;

import java.util.Arrays;

import static org.rnn4j.math.Activations.sigmoid;
import static org.rnn4j.math.Activations.tanh;

/**
 * Gated recurrent unit, one direction of one layer, exactly as PyTorch's {@code nn.GRU} (gates r, z, n):
 * <pre>
 *   r = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
 *   z = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
 *   n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t-1} + b_hn))
 *   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
 * </pre>
 * Because r multiplies (W_hn h + b_hn), the recurrent projection (T, B, 3H) is kept separately from the input
 * projection, and so are their gradients.
 */
public final class Gru extends RecurrentLayer {
    /**
     * The loops of {@link #stepForward} and {@link #stepBackward} on whole vectors of units, to the same bits
     * ({@link VectorGruRowKernel}), when the JVM has the Vector API module; else null and the loops below do
     * all units.
     */
    static final GruRowKernel VECTOR_ROWS = vectorKernel(GruRowKernel.class, "org.rnn4j.nn.VectorGruRowKernel");

    /** (T, B, 3H): h_{t-1}·W_hhᵀ + b_hh. */
    private float[] hproj = new float[0];
    /** (T, B, 3H): gradient with respect to hproj. */
    private float[] dHproj = new float[0];

    Gru(Parameters params, String prefix, int layer, boolean reverse, int slot, int inputSize, int hidden) {
        super(CellType.GRU, params, prefix, layer, reverse, slot, inputSize, hidden);
    }

    @Override
    protected boolean addsRecurrentBiasToInput() {
        return false;
    }

    @Override
    protected float[] recurrentPreActivationGradient() {
        return dHproj;
    }

    @Override
    protected void stepForward(int t, int from, int to) {
        int bh = batch * hidden;
        int h = hidden;
        float[] w = params.data();
        int p0 = t * batch * gateRows;
        // hproj_t = h_{t-1}·W_hhᵀ + b_hh
        for (int b = from; b < to; b++) {
            System.arraycopy(w, biasHh.offset(), hproj, p0 + b * gateRows, gateRows);
        }
        addRecurrentProduct(t, from, to, hproj, p0);
        for (int b = from; b < to; b++) {
            int prev = t * bh + b * h;
            int next = prev + bh;
            int o = t * bh + b * h;
            if (!active(t, b)) {
                System.arraycopy(hs, prev, hs, next, h);
                Arrays.fill(out, o, o + h, 0f);
                continue;
            }
            int g0 = p0 + b * gateRows;
            int done = VECTOR_ROWS != null ? VECTOR_ROWS.forward(gates, hproj, g0, hs, prev, next, out, o, h) : 0;
            for (int j = done; j < h; j++) {
                float r = sigmoid(gates[g0 + j] + hproj[g0 + j]);
                float z = sigmoid(gates[g0 + h + j] + hproj[g0 + h + j]);
                float n = tanh(gates[g0 + 2 * h + j] + r * hproj[g0 + 2 * h + j]);
                gates[g0 + j] = r;
                gates[g0 + h + j] = z;
                gates[g0 + 2 * h + j] = n;
                // h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
                float ht = (1f - z) * n + z * hs[prev + j];
                hs[next + j] = ht;
                out[o + j] = ht;
            }
        }
    }

    @Override
    protected void stepBackward(int t, float[] dOutput, int from, int to) {
        int bh = batch * hidden;
        int h = hidden;
        int p0 = t * batch * gateRows;
        for (int b = from; b < to; b++) {
            int g0 = p0 + b * gateRows;
            if (!active(t, b)) {
                Arrays.fill(dGates, g0, g0 + gateRows, 0f);
                Arrays.fill(dHproj, g0, g0 + gateRows, 0f);
                continue;
            }
            int o = t * bh + b * h;
            int prev = t * bh + b * h;
            int s = b * h;
            int done = VECTOR_ROWS != null
                    ? VECTOR_ROWS.backward(gates, hproj, g0, hs, prev, o, dOutput, dh, s, dGates, dHproj, h) : 0;
            for (int j = done; j < h; j++) {
                float r = gates[g0 + j];
                float z = gates[g0 + h + j];
                float n = gates[g0 + 2 * h + j];
                float dhj = dh[s + j] + dOutput[o + j];
                float dAn = dhj * (1f - z) * (1f - n * n);
                float dAz = dhj * (hs[prev + j] - n) * z * (1f - z);
                float dAr = dAn * hproj[g0 + 2 * h + j] * r * (1f - r);
                dGates[g0 + j] = dAr;
                dGates[g0 + h + j] = dAz;
                dGates[g0 + 2 * h + j] = dAn;
                dHproj[g0 + j] = dAr;
                dHproj[g0 + h + j] = dAz;
                dHproj[g0 + 2 * h + j] = dAn * r;
                // direct path of h_t = … + z ⊙ h_{t-1}
                dh[s + j] = dhj * z;
            }
        }
        // ∂L/∂h_{t-1} += dhproj_t·W_hh
        addRecurrentGradient(t, from, to, dHproj);
    }

    @Override
    protected void ensureCellCapacity(int steps, int batch) {
        int n = steps * batch * gateRows;
        if (hproj.length < n) {
            hproj = new float[n];
            dHproj = new float[n];
        }
    }
}
