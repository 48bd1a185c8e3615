package org.rnn4j.nn;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.Matrices;
import org.rnn4j.math.Rng;

import java.util.Arrays;

/**
 * One direction of one recurrent layer, with PyTorch's parameters {@code weight_ih_l{k}} (G·H, I),
 * {@code weight_hh_l{k}} (G·H, H), {@code bias_ih_l{k}} (G·H) and {@code bias_hh_l{k}} (G·H), where G is the
 * number of gates ({@link CellType#gates()}). Shapes: B batch, T time, I input, H hidden.
 *
 * <p>This class holds what every cell shares: the input projection of all T steps in one GEMM
 * ({@code pre = x·W_ihᵀ + b_ih}), the time loop, and after the backward loop the weight gradients of all steps
 * in one GEMM each. Subclasses ({@link Lstm}, {@link Gru}, {@link Rnn}) write one step forward and one step
 * backward, side by side.
 */
public abstract class RecurrentLayer implements SequenceLayer {
    protected final CellType cell;
    protected final int inputSize;
    protected final int hidden;
    protected final int gateRows;
    protected final int slot;
    protected final Parameters params;
    protected final Param weightIh;
    protected final Param weightHh;
    protected final Param biasIh;
    protected final Param biasHh;

    // Shapes of the last forward call.
    protected int steps;
    protected int batch;
    protected int[] lengths;
    protected float[] x;

    // Workspace, grown to the largest T·B seen; nothing is allocated inside the time loop.
    /** (T, B, G·H): pre-activations, then the activated gates the backward pass reuses. */
    protected float[] gates = new float[0];
    /** (T+1, B, H): h_0 … h_T, the state before and after every step. */
    protected float[] hs = new float[0];
    /** (T, B, H): the output, h_t at real steps and zero at padded ones. */
    protected float[] out = new float[0];
    /** (T, B, G·H): gradient with respect to the input pre-activations. */
    protected float[] dGates = new float[0];
    /** (T, B, I): gradient with respect to x. */
    protected float[] dx = new float[0];
    /** (B, H): running gradient with respect to the current h. */
    protected float[] dh = new float[0];
    /** (H, G·H): W_hhᵀ, copied at each forward with B > 1 so that no step has to transpose it again. */
    private float[] weightHhT = new float[0];
    /** (T, B, H): ∂L/∂h_t of the last backward call, when recording is on; null when off. */
    private float[] hGradients;
    /** (T, B, H): ∂L/∂c_t of the last backward call (LSTM), when recording is on. */
    private float[] cGradients;

    protected RecurrentLayer(CellType cell, Parameters params, String prefix, int layer, boolean reverse,
                             int slot, int inputSize, int hidden) {
        if (inputSize <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("input and hidden sizes must be positive");
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.gateRows = cell.gates() * hidden;
        this.slot = slot;
        this.params = params;
        String suffix = "_l" + layer + (reverse ? "_reverse" : "");
        this.weightIh = params.add(prefix + "weight_ih" + suffix, gateRows, inputSize);
        this.weightHh = params.add(prefix + "weight_hh" + suffix, gateRows, hidden);
        this.biasIh = params.add(prefix + "bias_ih" + suffix, gateRows);
        this.biasHh = params.add(prefix + "bias_hh" + suffix, gateRows);
    }

    /** Creates one direction of one layer of the given cell. */
    public static RecurrentLayer create(CellType cell, Parameters params, String prefix, int layer, boolean reverse,
                                        int slot, int inputSize, int hidden) {
        switch (cell) {
            case LSTM:
                return new Lstm(params, prefix, layer, reverse, slot, inputSize, hidden);
            case GRU:
                return new Gru(params, prefix, layer, reverse, slot, inputSize, hidden);
            default:
                return new Rnn(cell, params, prefix, layer, reverse, slot, inputSize, hidden);
        }
    }

    public CellType cell() { return cell; }
    @Override public int inputSize() { return inputSize; }
    @Override public int outputSize() { return hidden; }
    public int hiddenSize() { return hidden; }
    public Param weightIh() { return weightIh; }
    public Param weightHh() { return weightHh; }
    public Param biasIh() { return biasIh; }
    public Param biasHh() { return biasHh; }

    /** PyTorch's default initialisation: every weight and bias uniform in (-1/√H, 1/√H). */
    public void resetParameters(Rng rng) {
        double bound = 1.0 / Math.sqrt(hidden);
        for (Param p : new Param[] {weightIh, weightHh, biasIh, biasHh}) {
            Init.uniform(p, bound, rng);
        }
    }

    /** Whether sequence b takes a real step at time t. */
    protected final boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    @Override
    public float[] forward(float[] x, int steps, int batch, int[] lengths, RecurrentState initial,
                           RecurrentState last) {
        checkInput(x, steps, batch, lengths, inputSize);
        this.x = x;
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        ensureCapacity(steps, batch);
        int bh = batch * hidden;
        float[] w = params.data();

        // pre = x·W_ihᵀ + b_ih (+ b_hh for cells that add both biases before the non-linearity)
        Gemm.sgemm(false, true, steps * batch, gateRows, inputSize,
                1f, x, 0, inputSize, w, weightIh.offset(), inputSize, 0f, gates, 0, gateRows);
        boolean bothBiases = addsRecurrentBiasToInput();
        for (int r = 0; r < steps * batch; r++) {
            int row = r * gateRows;
            for (int j = 0; j < gateRows; j++) {
                float bias = w[biasIh.offset() + j];
                if (bothBiases) {
                    bias += w[biasHh.offset() + j];
                }
                gates[row + j] += bias;
            }
        }

        if (batch > 1) {
            if (weightHhT.length < gateRows * hidden) {
                weightHhT = new float[gateRows * hidden];
            }
            Matrices.transpose(w, weightHh.offset(), hidden, gateRows, hidden, weightHhT);
        }
        loadInitialState(initial);
        for (int t = 0; t < steps; t++) {
            stepForward(t);
        }
        if (last != null) {
            last.checkCompatible(slot, batch, hidden, cell.hasCellState());
            System.arraycopy(hs, steps * bh, last.h(), last.offset(slot), bh);
            storeFinalCell(last);
        }
        return out;
    }

    @Override
    public float[] backward(float[] dOutput, RecurrentState dLast, RecurrentState dInitial) {
        if (x == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (dOutput.length < steps * batch * hidden) {
            throw new IllegalArgumentException("dOutput too short: " + dOutput.length);
        }
        int bh = batch * hidden;
        int rows = steps * batch;
        if (dLast != null) {
            dLast.checkCompatible(slot, batch, hidden, cell.hasCellState());
            System.arraycopy(dLast.h(), dLast.offset(slot), dh, 0, bh);
        } else {
            Arrays.fill(dh, 0, bh, 0f);
        }
        loadFinalCellGradient(dLast);
        if (hGradients != null) {
            growRecording();
        }
        for (int t = steps - 1; t >= 0; t--) {
            if (hGradients != null) {
                recordStateGradient(t, dOutput);
            }
            stepBackward(t, dOutput);
        }
        if (dInitial != null) {
            dInitial.checkCompatible(slot, batch, hidden, cell.hasCellState());
            System.arraycopy(dh, 0, dInitial.h(), dInitial.offset(slot), bh);
            storeInitialCellGradient(dInitial);
        }

        float[] w = params.data();
        float[] g = params.grad();
        // dW_ih += Σ_t dpre_tᵀ·x_t ; db_ih += Σ_t dpre_t ; dx = dpre·W_ih
        Gemm.sgemm(true, false, gateRows, inputSize, rows,
                1f, dGates, 0, gateRows, x, 0, inputSize, 1f, g, weightIh.offset(), inputSize);
        addColumnSums(dGates, rows, gateRows, g, biasIh.offset());
        Gemm.sgemm(false, false, rows, inputSize, gateRows,
                1f, dGates, 0, gateRows, w, weightIh.offset(), inputSize, 0f, dx, 0, inputSize);
        // dW_hh += Σ_t drecᵀ·h_{t-1} ; db_hh += Σ_t drec
        float[] dRec = recurrentPreActivationGradient();
        Gemm.sgemm(true, false, gateRows, hidden, rows,
                1f, dRec, 0, gateRows, hs, 0, hidden, 1f, g, weightHh.offset(), hidden);
        addColumnSums(dRec, rows, gateRows, g, biasHh.offset());
        return dx;
    }

    /**
     * Turns on (or off) recording, during backward, of the gradient of the loss with respect to every state
     * the forward pass produced: {@link #stateGradients()} and, for LSTMs, {@link #cellGradients()}. Used to
     * measure how gradients vanish with distance (rnn4j gradflow); off by default, and free when off.
     */
    public void setRecordStateGradients(boolean on) {
        hGradients = on ? new float[0] : null;
        cGradients = on && cell.hasCellState() ? new float[0] : null;
    }

    /**
     * (T, B, H) after a recorded backward: entry (t, b) is the total derivative ∂L/∂h of the state after step t
     * (0-based, in this layer's own processing order), through the output at t and every later step. At a
     * padded step it is the gradient the unchanged state carries.
     */
    public float[] stateGradients() {
        if (hGradients == null) {
            throw new IllegalStateException("state-gradient recording is off");
        }
        return hGradients;
    }

    /** (T, B, H) after a recorded backward of an LSTM: ∂L/∂c_t, laid out as {@link #stateGradients()}. */
    public float[] cellGradients() {
        if (cGradients == null) {
            throw new IllegalStateException(cell.hasCellState() ? "state-gradient recording is off"
                    : cell.id() + " has no cell state");
        }
        return cGradients;
    }

    private void growRecording() {
        int n = steps * batch * hidden;
        if (hGradients.length < n) {
            hGradients = new float[n];
            if (cGradients != null) {
                cGradients = new float[n];
            }
        }
    }

    // ∂L/∂h_t = (gradient from step t+1 on, in dh) + (gradient of the output at t, when t is a real step)
    private void recordStateGradient(int t, float[] dOutput) {
        int bh = batch * hidden;
        for (int b = 0; b < batch; b++) {
            int o = t * bh + b * hidden;
            boolean real = active(t, b);
            for (int j = 0; j < hidden; j++) {
                hGradients[o + j] = dh[b * hidden + j] + (real ? dOutput[o + j] : 0f);
            }
        }
        if (cGradients != null) {
            recordCellGradient(t, hGradients, cGradients);
        }
    }

    /**
     * Writes ∂L/∂c_t into block t of {@code dcOut} (T, B, H), given ∂L/∂h_t in block t of {@code dhTotal}; called before
     * {@link #stepBackward} of step t. Only cells with a cell state override it.
     */
    protected void recordCellGradient(int t, float[] dhTotal, float[] dcOut) {
    }

    /**
     * out[outOff ..] += h_{t-1}·W_hhᵀ for the B rows of h at {@code hOff}: the recurrent product of one step, (B, G·H).
     * One row uses W_hh as it is (a dot product per output); more rows use the transposed copy.
     */
    protected final void addRecurrentProduct(int hOff, float[] out, int outOff) {
        if (batch == 1) {
            Gemm.sgemm(false, true, 1, gateRows, hidden, 1f, hs, hOff, hidden,
                    params.data(), weightHh.offset(), hidden, 1f, out, outOff, gateRows);
        } else {
            Gemm.sgemm(false, false, batch, gateRows, hidden, 1f, hs, hOff, hidden,
                    weightHhT, 0, gateRows, 1f, out, outOff, gateRows);
        }
    }

    /** One step forward at time t: reads gates[t] (input projection) and hs[t], writes hs[t+1] and out[t]. */
    protected abstract void stepForward(int t);

    /**
     * One step backward at time t: on entry {@link #dh} holds ∂L/∂h_{t+1} from later steps; adds dOutput[t],
     * writes dGates[t] and leaves ∂L/∂h_t in {@link #dh}.
     */
    protected abstract void stepBackward(int t, float[] dOutput);

    /** True when b_hh is added to the input projection (LSTM, RNN); GRU keeps it inside r ⊙ (W_hn h + b_hn). */
    protected boolean addsRecurrentBiasToInput() {
        return true;
    }

    /** Gradient with respect to (h_{t-1}·W_hhᵀ + b_hh), (T, B, G·H); the same as dGates unless the cell splits them. */
    protected float[] recurrentPreActivationGradient() {
        return dGates;
    }

    /** Grows cell-specific buffers; called with the new T and B before each forward. */
    protected void ensureCellCapacity(int steps, int batch) {
    }

    protected void loadInitialCell(RecurrentState initial) {
    }

    protected void storeFinalCell(RecurrentState last) {
    }

    protected void loadFinalCellGradient(RecurrentState dLast) {
    }

    protected void storeInitialCellGradient(RecurrentState dInitial) {
    }

    private void loadInitialState(RecurrentState initial) {
        int bh = batch * hidden;
        if (initial != null) {
            initial.checkCompatible(slot, batch, hidden, cell.hasCellState());
            System.arraycopy(initial.h(), initial.offset(slot), hs, 0, bh);
        } else {
            Arrays.fill(hs, 0, bh, 0f);
        }
        loadInitialCell(initial);
    }

    private void ensureCapacity(int steps, int batch) {
        int rows = steps * batch;
        if (gates.length < rows * gateRows) {
            gates = new float[rows * gateRows];
            dGates = new float[rows * gateRows];
        }
        if (hs.length < (rows + batch) * hidden) {
            hs = new float[(rows + batch) * hidden];
        }
        if (out.length < rows * hidden) {
            out = new float[rows * hidden];
        }
        if (dx.length < rows * inputSize) {
            dx = new float[rows * inputSize];
        }
        if (dh.length < batch * hidden) {
            dh = new float[batch * hidden];
        }
        ensureCellCapacity(steps, batch);
    }

    /** Rejects a non-positive T or B, an x shorter than T·B·I, and lengths of the wrong count or outside 0..T. */
    static void checkInput(float[] x, int steps, int batch, int[] lengths, int inputSize) {
        if (steps <= 0 || batch <= 0) {
            throw new IllegalArgumentException("steps and batch must be positive");
        }
        if (x.length < (long) steps * batch * inputSize) {
            throw new IllegalArgumentException("input of " + x.length + " floats is shorter than T·B·I = "
                    + ((long) steps * batch * inputSize));
        }
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new IllegalArgumentException("lengths has " + lengths.length + " entries for batch " + batch);
            }
            for (int len : lengths) {
                if (len < 0 || len > steps) {
                    throw new IllegalArgumentException("sequence length " + len + " outside 0.." + steps);
                }
            }
        }
    }

    /** sums[j] += Σ_r m[r, j] for an (rows, cols) matrix m. */
    protected static void addColumnSums(float[] m, int rows, int cols, float[] sums, int off) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                sums[off + j] += m[base + j];
            }
        }
    }
}
