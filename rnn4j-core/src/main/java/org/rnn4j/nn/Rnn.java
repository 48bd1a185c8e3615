package org.rnn4j.nn;

import java.util.Arrays;

import static org.rnn4j.math.Activations.relu;
import static org.rnn4j.math.Activations.tanh;

/**
 * The vanilla (Elman) RNN, one direction of one layer, with tanh or ReLU:
 * <pre>
 *   h_t = tanh(W_hh h_{t-1} + W_xh x_t + b)      (PyTorch: W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
 * </pre>
 * Backpropagating one step multiplies the gradient by diag(tanh'(a_t))·W_hh, where tanh' = 1 - h_t² ∈ (0, 1]:
 * over many steps that product shrinks (or grows) exponentially — the vanishing-gradient problem.
 */
public final class Rnn extends RecurrentLayer {
    private final boolean useRelu;

    Rnn(CellType cell, Parameters params, String prefix, int layer, boolean reverse, int slot, int inputSize,
        int hidden) {
        super(cell, params, prefix, layer, reverse, slot, inputSize, hidden);
        if (cell != CellType.RNN_TANH && cell != CellType.RNN_RELU) {
            throw new IllegalArgumentException("Rnn takes rnn_tanh or rnn_relu, not " + cell.id());
        }
        this.useRelu = cell == CellType.RNN_RELU;
    }

    @Override
    protected void stepForward(int t, int from, int to) {
        int bh = batch * hidden;
        int h = hidden;
        // a_t = (x_t·W_ihᵀ + b_ih + b_hh, already in gates) + h_{t-1}·W_hhᵀ
        addRecurrentProduct(t, from, to, gates, t * bh);
        for (int b = from; b < to; b++) {
            int prev = t * bh + b * h;
            int next = prev + bh;
            int o = t * bh + b * h;
            if (!active(t, b)) {
                System.arraycopy(hs, prev, hs, next, h);
                Arrays.fill(out, o, o + h, 0f);
                continue;
            }
            for (int j = 0; j < h; j++) {
                // h_t = tanh(a_t) or max(0, a_t)
                float ht = useRelu ? relu(gates[o + j]) : tanh(gates[o + j]);
                gates[o + j] = ht;
                hs[next + j] = ht;
                out[o + j] = ht;
            }
        }
    }

    @Override
    protected void stepBackward(int t, float[] dOutput, int from, int to) {
        int bh = batch * hidden;
        int h = hidden;
        for (int b = from; b < to; b++) {
            int o = t * bh + b * h;
            if (!active(t, b)) {
                Arrays.fill(dGates, o, o + h, 0f);
                continue;
            }
            int s = b * h;
            for (int j = 0; j < h; j++) {
                float ht = gates[o + j];
                float dhj = dh[s + j] + dOutput[o + j];
                // ∂L/∂a_t = ∂L/∂h_t ⊙ tanh'(a_t) = ∂L/∂h_t ⊙ (1 - h_t²)   (ReLU: ⊙ [h_t > 0])
                dGates[o + j] = useRelu ? (ht > 0f ? dhj : 0f) : dhj * (1f - ht * ht);
                dh[s + j] = 0f;
            }
        }
        // ∂L/∂h_{t-1} = ∂L/∂a_t·W_hh
        addRecurrentGradient(t, from, to, dGates);
    }
}
