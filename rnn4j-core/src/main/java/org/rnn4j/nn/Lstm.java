package org.rnn4j.nn;

import java.util.Arrays;

import static org.rnn4j.math.Activations.sigmoid;
import static org.rnn4j.math.Activations.tanh;

/**
 * Long short-term memory, one direction of one layer, with PyTorch's gate order i, f, g, o:
 * <pre>
 *   [a_i, a_f, a_g, a_o] = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
 *   i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g
 *   h_t = o ⊙ tanh(c_t)
 * </pre>
 * The cell state carries the gradient back through the element-wise product with f alone:
 * ∂c_t/∂c_{t-1} = diag(f). Shapes: B batch, T time, I input, H hidden, gates (T, B, 4H).
 */
public final class Lstm extends RecurrentLayer {
    /**
     * The loops of {@link #stepForward} and {@link #stepBackward} on whole vectors of units, to the same bits
     * ({@link VectorLstmRowKernel}), when the JVM has the Vector API module; else null and the loops below do
     * all units.
     */
    static final LstmRowKernel VECTOR_ROWS = vectorKernel(LstmRowKernel.class, "org.rnn4j.nn.VectorLstmRowKernel");

    /** (T+1, B, H): c_0 … c_T. */
    private float[] cs = new float[0];
    /** (T, B, H): tanh(c_t), kept for the backward pass. */
    private float[] tanhC = new float[0];
    /** (B, H): running gradient with respect to the current c. */
    private float[] dc = new float[0];

    Lstm(Parameters params, String prefix, int layer, boolean reverse, int slot, int inputSize, int hidden) {
        super(CellType.LSTM, params, prefix, layer, reverse, slot, inputSize, hidden);
    }

    @Override
    protected void stepForward(int t, int from, int to) {
        int bh = batch * hidden;
        int h = hidden;
        // a_t = (x_t·W_ihᵀ + b_ih + b_hh, already in gates) + h_{t-1}·W_hhᵀ
        addRecurrentProduct(t, from, to, gates, t * batch * gateRows);
        for (int b = from; b < to; b++) {
            int prev = t * bh + b * h;          // h_{t-1}, c_{t-1} in hs / cs
            int next = prev + bh;               // h_t, c_t
            int o = t * bh + b * h;             // out_t, tanh(c_t)
            if (!active(t, b)) {
                System.arraycopy(hs, prev, hs, next, h);
                System.arraycopy(cs, prev, cs, next, h);
                Arrays.fill(out, o, o + h, 0f);
                continue;
            }
            int g0 = (t * batch + b) * gateRows;
            int done = VECTOR_ROWS != null ? VECTOR_ROWS.forward(gates, g0, cs, prev, next, tanhC, hs, out, o, h) : 0;
            for (int j = done; j < h; j++) {
                float i = sigmoid(gates[g0 + j]);
                float f = sigmoid(gates[g0 + h + j]);
                float g = tanh(gates[g0 + 2 * h + j]);
                float og = sigmoid(gates[g0 + 3 * h + j]);
                gates[g0 + j] = i;
                gates[g0 + h + j] = f;
                gates[g0 + 2 * h + j] = g;
                gates[g0 + 3 * h + j] = og;
                // c_t = f ⊙ c_{t-1} + i ⊙ g ;  h_t = o ⊙ tanh(c_t)
                float c = f * cs[prev + j] + i * g;
                float tc = tanh(c);
                cs[next + j] = c;
                tanhC[o + j] = tc;
                hs[next + j] = og * tc;
                out[o + j] = og * tc;
            }
        }
    }

    /** Adds dGates into the bias sums itself, while its values are in registers. */
    @Override
    protected boolean sumsBiasRowsInStep() {
        return true;
    }

    @Override
    protected void stepBackward(int t, float[] dOutput, int from, int to) {
        int bh = batch * hidden;
        int h = hidden;
        float[] sums = biasRowSums();
        for (int b = from; b < to; b++) {
            int g0 = (t * batch + b) * gateRows;
            if (!active(t, b)) {
                // padded step: dh, dc pass through unchanged; the bias sums gain nothing (they are never -0, so
                // adding the zero gradient would not change a bit of them either)
                Arrays.fill(dGates, g0, g0 + gateRows, 0f);
                continue;
            }
            int o = t * bh + b * h;
            int prev = t * bh + b * h;
            int s = b * h;
            int r = b * gateRows;
            int done = VECTOR_ROWS != null
                    ? VECTOR_ROWS.backward(gates, g0, cs, prev, tanhC, o, dOutput, dh, dc, s, dGates, sums, r, h) : 0;
            for (int j = done; j < h; j++) {
                float i = gates[g0 + j];
                float f = gates[g0 + h + j];
                float g = gates[g0 + 2 * h + j];
                float og = gates[g0 + 3 * h + j];
                float tc = tanhC[o + j];
                float dhj = dh[s + j] + dOutput[o + j];
                // ∂L/∂c_t = dc from step t+1 + dh ⊙ o ⊙ (1 - tanh²(c_t))
                float dcj = dc[s + j] + dhj * og * (1f - tc * tc);
                dGates[g0 + j] = dcj * g * i * (1f - i);
                dGates[g0 + h + j] = dcj * cs[prev + j] * f * (1f - f);
                dGates[g0 + 2 * h + j] = dcj * i * (1f - g * g);
                dGates[g0 + 3 * h + j] = dhj * tc * og * (1f - og);
                for (int q = 0; q < 4; q++) {
                    sums[r + q * h + j] += dGates[g0 + q * h + j];     // Σ_t dGates[t, b], the bias gradient's
                }
                // ∂L/∂c_{t-1} = ∂L/∂c_t ⊙ f : the element-wise path that keeps gradients alive
                dc[s + j] = dcj * f;
                dh[s + j] = 0f;
            }
        }
        // ∂L/∂h_{t-1} = da_t·W_hh (padded rows add zero and keep what they carried)
        addRecurrentGradient(t, from, to, dGates);
    }

    // ∂L/∂c_t = (gradient from c_{t+1}, in dc) + ∂L/∂h_t ⊙ o_t ⊙ (1 - tanh²(c_t)) at a real step; dc alone at a padded one
    @Override
    protected void recordCellGradient(int t, int from, int to, float[] dhTotal, float[] dcOut) {
        int bh = batch * hidden;
        int h = hidden;
        for (int b = from; b < to; b++) {
            int o = t * bh + b * h;
            int g0 = (t * batch + b) * gateRows;
            boolean real = active(t, b);
            for (int j = 0; j < h; j++) {
                float tc = tanhC[o + j];
                dcOut[o + j] = dc[b * h + j] + (real ? dhTotal[o + j] * gates[g0 + 3 * h + j] * (1f - tc * tc) : 0f);
            }
        }
    }

    @Override
    protected void ensureCellCapacity(int steps, int batch) {
        int rows = steps * batch;
        if (cs.length < (rows + batch) * hidden) {
            cs = new float[(rows + batch) * hidden];
        }
        if (tanhC.length < rows * hidden) {
            tanhC = new float[rows * hidden];
        }
        if (dc.length < batch * hidden) {
            dc = new float[batch * hidden];
        }
    }

    @Override
    protected void loadInitialCell(RecurrentState initial) {
        int bh = batch * hidden;
        if (initial != null) {
            System.arraycopy(initial.c(), initial.offset(slot), cs, 0, bh);
        } else {
            Arrays.fill(cs, 0, bh, 0f);
        }
    }

    @Override
    protected void storeFinalCell(RecurrentState last) {
        int bh = batch * hidden;
        System.arraycopy(cs, steps * bh, last.c(), last.offset(slot), bh);
    }

    @Override
    protected void loadFinalCellGradient(RecurrentState dLast) {
        int bh = batch * hidden;
        if (dLast != null) {
            System.arraycopy(dLast.c(), dLast.offset(slot), dc, 0, bh);
        } else {
            Arrays.fill(dc, 0, bh, 0f);
        }
    }

    @Override
    protected void storeInitialCellGradient(RecurrentState dInitial) {
        System.arraycopy(dc, 0, dInitial.c(), dInitial.offset(slot), batch * hidden);
    }
}
