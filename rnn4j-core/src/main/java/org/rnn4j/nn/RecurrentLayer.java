package org.rnn4j.nn;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.Matrices;
import org.rnn4j.math.PackedOperand;
import org.rnn4j.math.QuantizedMatrix;
import org.rnn4j.math.Rng;
import org.rnn4j.math.WorkerTeam;

import java.util.Arrays;

/**
 * One direction of one recurrent layer, with PyTorch's parameters {@code weight_ih_l{k}} (G·H, I),
 * {@code weight_hh_l{k}} (G·H, H), {@code bias_ih_l{k}} (G·H) and {@code bias_hh_l{k}} (G·H), where G is the
 * number of gates ({@link CellType#gates()}). Shapes: B batch, T time, I input, H hidden.
 *
 * <p>This class holds what every cell shares: the input projection of all T steps in one GEMM
 * ({@code pre = x·W_ihᵀ}, its bias added row by row in the time loop, where the rows are in cache), the time loop,
 * and after the backward loop the weight gradients of all steps in one GEMM each (the bias gradients are summed
 * inside the loop, per sequence, then over the batch in order). Subclasses ({@link Lstm}, {@link Gru},
 * {@link Rnn}) write one step forward and one step backward, side by side, for a range of the batch.
 *
 * <p>Threads: the sequences of a batch are independent inside the time loop, so with a multi-threaded GEMM
 * backend and a large enough step the loop runs on batch slices in parallel, one slice per thread
 * ({@link WorkerTeam}), each slice's step products on its own thread; the products of all steps at once (input
 * projection, weight gradients) use all threads. A row of a product does not depend on how many rows are
 * computed with it in the Java backends, so there the result is the same whether or not the loop is split.
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

    /** Below this many multiply-adds in one step's recurrent product the time loop is not split. */
    private static volatile long minSplitWork = 1L << 16;

    // Shapes of the last forward call.
    protected int steps;
    protected int batch;
    protected int[] lengths;
    protected float[] x;

    // Workspace, grown to the largest T·B seen; nothing is allocated inside the time loop.
    /**
     * (T, B, G·H): pre-activations, then the activated gates the backward pass reuses, then (written over them in
     * backward) their gradients, {@link #dGates}.
     */
    protected float[] gates = new float[0];
    /** (T+1, B, H): h_0 … h_T, the state before and after every step. */
    protected float[] hs = new float[0];
    /** (T, B, H): the output, h_t at real steps and zero at padded ones. */
    protected float[] out = new float[0];
    /**
     * (T, B, G·H): gradient with respect to the input pre-activations, in the same array as {@link #gates}: each
     * cell's {@link #stepBackward} reads a row's activations before it writes the row's gradient over them, and no
     * later step reads them again. One array instead of two saves T·B·G·H floats per layer (41 MB per layer of a
     * 2 × 512 LSTM at batch 50 × 100) and the reads of fresh cache lines that writing to a second array costs.
     */
    protected float[] dGates = new float[0];
    /** (T, B, I): gradient with respect to x. */
    protected float[] dx = new float[0];
    /** (B, H): running gradient with respect to the current h. */
    protected float[] dh = new float[0];
    /** (H, G·H): W_hhᵀ, copied at each forward with B > 1 so that no step has to transpose it again. */
    private float[] weightHhT = new float[0];
    /** The smallest T and B whose step products use the backend's packed weights (packing costs one copy of W_hh). */
    private static final int PACKED_MIN_STEPS = 4;
    private static final int PACKED_MIN_BATCH = 2;
    /** W_hhᵀ and W_hh packed for the step products of forward and backward ({@link GemmBackend#packRight}). */
    private PackedOperand packedForward;
    private PackedOperand packedBackward;
    /** The backend the packed operands were made for. */
    private GemmBackend packedFor;
    /** Whether the current forward (and its backward) uses the packed operands. */
    private boolean usePacked;
    /**
     * Whether the current forward is one batch-1 step whose input product is taken with the recurrent one
     * ({@link GemmBackend#dotRowPair}): sampling, where each of the two would otherwise be a job of its own.
     */
    private boolean inputWithRecurrent;
    /**
     * Whether the current forward is a {@link #stepPreActivated} step, whose gates already hold the whole
     * pre-activation, recurrent product included.
     */
    private boolean recurrentTaken;
    /** The GEMM backend of the per-step products: single-threaded when the time loop runs on batch slices. */
    private GemmBackend stepGemm = Gemm.backend();
    /** (G·H): the bias added to the input projection, b_ih (+ b_hh). */
    private float[] inputBias = new float[0];
    /** (G·H): column sums of dGates, the bias gradient of the last backward call. */
    private float[] biasGradient = new float[0];
    /** (B, G·H): Σ_t dGates[t, b] per sequence, summed in the time loop while the rows are in cache. */
    private float[] biasRowSums = new float[0];
    /** (B, G·H): the same sums of the recurrent pre-activation gradient, for cells where it is not dGates. */
    private float[] recurrentBiasRowSums = new float[0];
    /** (T, B, H): ∂L/∂h_t of the last backward call, when recording is on; null when off. */
    private float[] hGradients;
    /** (T, B, H): ∂L/∂c_t of the last backward call (LSTM), when recording is on. */
    private float[] cGradients;
    /** The embedding whose rows the last forward read ({@link #forwardLookup}); null after {@link #forward}. */
    private Embedding lookup;
    /** (T, B): the ids the last {@link #forwardLookup} read. */
    private int[] lookupIds;
    /** (V, G·H): E·W_ihᵀ plus the input bias, the input pre-activation of every vocabulary entry. */
    private float[] projectedTable = new float[0];
    /** (V, G·H): Σ dGates[r] over the rows r that read each entry, in backward after a projected lookup. */
    private float[] tableGradient = new float[0];
    /** W_ih and W_hh as 8-bit integers, for inference ({@link #useQuantizedWeights}); null when off. */
    private QuantizedMatrix quantizedIh;
    /** (V, G·H): E·(s·q)ᵀ of W_ih's 8-bit form, without bias, for lookups in {@link #quantizedProjectionOf}. */
    private float[] quantizedProjection;
    private Embedding quantizedProjectionOf;
    private QuantizedMatrix quantizedHh;

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

    /**
     * Turns on (or off) inference with W_ih and W_hh quantized to 8 bits per weight ({@link QuantizedMatrix}),
     * made from the weights as they are now: forward then reads a quarter of the bytes, which is what bounds the
     * speed of batch-1 sampling. Backward is refused while on; turn it off, or on again, after changing weights.
     */
    public void useQuantizedWeights(boolean on) {
        useQuantizedWeights(on, null);
    }

    /**
     * As {@link #useQuantizedWeights(boolean)}, and for a layer whose input is looked up in {@code input} (may be
     * null): the 8-bit input projection of every entry, E[v]·(s·q)ᵀ, is taken now, so that
     * {@link #forwardLookup} on that embedding copies a row instead of reading W_ih, at any T·B. It is the same
     * product the looked-up row would get (the quantized product of a row does not depend on the other rows), so
     * the same bits; made from the embedding as it is now, like the weights.
     */
    public void useQuantizedWeights(boolean on, Embedding input) {
        if (input != null) {
            input.checkWidth(inputSize);
        }
        QuantizedMatrix ih = on ? weightIh.quantized() : null;
        QuantizedMatrix hh = on ? weightHh.quantized() : null;
        float[] projection = null;
        if (ih != null && input != null) {
            int v = input.vocabSize();
            projection = new float[v * gateRows];
            ih.multiplyAdd(v, input.weight().owner().data(), input.weight().offset(), inputSize,
                    projection, 0, gateRows);
        }
        quantizedIh = ih;
        quantizedHh = hh;
        quantizedProjection = projection;
        quantizedProjectionOf = projection != null ? input : null;
    }

    /** Whether forward uses 8-bit weights ({@link #useQuantizedWeights}). */
    public boolean usesQuantizedWeights() {
        return quantizedIh != null;
    }

    /**
     * Writes the bias the input projection carries, b_ih (+ b_hh for cells that add both before the
     * non-linearity), into {@code bias} (G·H).
     */
    void writeInputBias(float[] bias) {
        float[] w = params.data();
        boolean bothBiases = addsRecurrentBiasToInput();
        for (int j = 0; j < gateRows; j++) {
            bias[j] = bothBiases ? w[biasIh.offset() + j] + w[biasHh.offset() + j] : w[biasIh.offset() + j];
        }
    }

    /**
     * Whether {@link #stepPreActivated} can run this layer: a cell that adds its recurrent product to the input
     * pre-activation (LSTM and the plain RNNs, not GRU), with float weights.
     */
    boolean takesPreActivatedSteps() {
        return addsRecurrentBiasToInput() && quantizedIh == null && quantizedHh == null;
    }

    /**
     * One batch-1 step from its whole pre-activation {@code pre} (G·H): x_t·W_ihᵀ + b + h_{t-1}·W_hhᵀ, summed by
     * the caller; the state (h_{t-1}, and c_{t-1} for LSTMs) is read from {@code state} and h_t (c_t) written
     * back, as {@code forward(x, 1, 1, null, state, state)} would. Returns the output h_t (the layer's buffer).
     * Backward is refused afterwards: there is no forward to go back through.
     */
    float[] stepPreActivated(float[] pre, RecurrentState state) {
        if (!takesPreActivatedSteps()) {
            throw new IllegalStateException("this layer takes no pre-activated steps");
        }
        x = null;
        lookup = null;
        steps = 1;
        batch = 1;
        lengths = null;
        ensureCapacity(1, 1);
        System.arraycopy(pre, 0, gates, 0, gateRows);
        loadInitialState(state);
        recurrentTaken = true;
        try {
            stepForward(0, 0, 1);
        } finally {
            recurrentTaken = false;
        }
        System.arraycopy(hs, hidden, state.h(), state.offset(slot), hidden);     // checked by loadInitialState
        storeFinalCell(state);
        return out;
    }

    /** Whether sequence b takes a real step at time t. */
    protected final boolean active(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    @Override
    public float[] forward(float[] x, int steps, int batch, int[] lengths, RecurrentState initial,
                           RecurrentState last) {
        checkInput(x, steps, batch, lengths, inputSize);
        lookup = null;
        return run(x, steps, batch, lengths, initial, last);
    }

    /**
     * Forward over an input whose row r (time-major, as x) is row {@code ids[r]} of the embedding's table E:
     * what {@code forward(embedding.forward(ids, T·B), ...)} computes, without the T·B-row products of that input.
     * When T·B exceeds the vocabulary V, the input projection is taken once per entry, P = E·W_ihᵀ + b (V rows
     * instead of T·B), and each step copies the rows its ids pick; backward then sums dGates per entry,
     * S[v] = Σ_{r: ids[r] = v} dGates[r], and takes dW_ih += Sᵀ·E and dE += S·W_ih from it (products over V
     * rows). With 8-bit weights it copies the rows of their per-entry projection when it was taken for this
     * embedding ({@link #useQuantizedWeights(boolean, Embedding)}). Otherwise it looks the rows up and runs them as
     * a dense input. Either way {@link #backward} adds the gradient of E into the embedding's parameters and
     * returns null.
     */
    public float[] forwardLookup(Embedding embedding, int[] ids, int steps, int batch, int[] lengths,
                                 RecurrentState initial, RecurrentState last) {
        embedding.checkWidth(inputSize);
        checkSteps(steps, batch, lengths);
        int rows = steps * batch;
        embedding.checkIds(ids, rows);
        lookup = embedding;
        lookupIds = ids;
        boolean projected = quantizedIh == null ? rows > embedding.vocabSize() : quantizedProjectionOf == embedding;
        return run(projected ? null : embedding.forward(ids, rows), steps, batch, lengths, initial, last);
    }

    /** Forward over dense rows x, or over the projected rows of {@link #lookup} when x is null. */
    private float[] run(float[] x, int steps, int batch, int[] lengths, RecurrentState initial,
                        RecurrentState last) {
        this.x = x;
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        ensureCapacity(steps, batch);
        int bh = batch * hidden;
        float[] w = params.data();

        // only cells that add the recurrent product into the gates (not GRU, which keeps it apart)
        inputWithRecurrent = x != null && steps == 1 && batch == 1 && quantizedIh == null && quantizedHh == null
                && addsRecurrentBiasToInput();
        if (inputBias.length < gateRows) {
            inputBias = new float[gateRows];
        }
        writeInputBias(inputBias);
        // pre = x·W_ihᵀ, then + b_ih (+ b_hh for cells that add both biases before the non-linearity) per step;
        // from a projected lookup, the step copies P[id] = E[id]·W_ihᵀ + b instead; a batch-1 step of one row
        // (inputWithRecurrent) takes x·W_ihᵀ and the bias in the same pass as its recurrent product
        if (x == null) {
            // with 8-bit weights the projection (without the bias) was taken when they were quantized
            if (quantizedIh == null) {
                projectTable(w);
            }
        } else if (quantizedIh != null) {
            Arrays.fill(gates, 0, steps * batch * gateRows, 0f);
            quantizedIh.multiplyAdd(steps * batch, x, 0, inputSize, gates, 0, gateRows);
        } else if (!inputWithRecurrent) {
            Gemm.sgemm(false, true, steps * batch, gateRows, inputSize,
                    1f, x, 0, inputSize, w, weightIh.offset(), inputSize, 0f, gates, 0, gateRows);
        }

        usePacked = quantizedHh == null && steps >= PACKED_MIN_STEPS && batch >= PACKED_MIN_BATCH
                && packedAvailable(Gemm.backend());
        if (usePacked) {
            packedForward.pack(w, weightHh.offset(), hidden);
        } else if (batch > 1 && quantizedHh == null) {
            if (weightHhT.length < gateRows * hidden) {
                weightHhT = new float[gateRows * hidden];
            }
            Matrices.transpose(w, weightHh.offset(), hidden, gateRows, hidden, weightHhT);
        }
        loadInitialState(initial);
        boolean biasInTable = x == null && quantizedIh == null;
        inBatchSlices((from, to) -> {
            for (int t = 0; t < steps; t++) {
                if (x == null) {
                    copyProjectedRows(t, from, to);
                }
                if (!biasInTable && !inputWithRecurrent) {
                    addInputBias(t, from, to);
                }
                stepForward(t, from, to);
            }
        });
        if (last != null) {
            last.checkCompatible(slot, batch, hidden, cell.hasCellState());
            System.arraycopy(hs, steps * bh, last.h(), last.offset(slot), bh);
            storeFinalCell(last);
        }
        return out;
    }

    /** As {@link SequenceLayer#backward}; after {@link #forwardLookup} it returns null (see there). */
    @Override
    public float[] backward(float[] dOutput, RecurrentState dLast, RecurrentState dInitial) {
        if (x == null && lookup == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (quantizedIh != null) {
            throw new IllegalStateException("backward with quantized weights, which are for inference only");
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
        if (usePacked) {
            packedBackward.pack(params.data(), weightHh.offset(), hidden);
        }
        if (hGradients != null) {
            growRecording();
        }
        float[] dRec = recurrentPreActivationGradient();
        growBiasRowSums(dRec != dGates);
        boolean sumsInStep = sumsBiasRowsInStep();
        inBatchSlices((from, to) -> {
            Arrays.fill(biasRowSums, from * gateRows, to * gateRows, 0f);
            if (dRec != dGates) {
                Arrays.fill(recurrentBiasRowSums, from * gateRows, to * gateRows, 0f);
            }
            for (int t = steps - 1; t >= 0; t--) {
                if (hGradients != null) {
                    recordStateGradient(t, dOutput, from, to);
                }
                stepBackward(t, dOutput, from, to);
                if (!sumsInStep) {
                    addToRowSums(biasRowSums, dGates, t, from, to);
                }
                if (dRec != dGates) {
                    addToRowSums(recurrentBiasRowSums, dRec, t, from, to);
                }
            }
        });
        if (dInitial != null) {
            dInitial.checkCompatible(slot, batch, hidden, cell.hasCellState());
            System.arraycopy(dh, 0, dInitial.h(), dInitial.offset(slot), bh);
            storeInitialCellGradient(dInitial);
        }

        float[] w = params.data();
        float[] g = params.grad();
        if (x == null) {
            // from a projected lookup: S = dpre summed per entry; dW_ih += Sᵀ·E ; dE += S·W_ih
            int v = lookup.vocabSize();
            int e = lookup.weight().offset();
            sumGradientPerEntry(v);
            Gemm.sgemm(true, false, gateRows, inputSize, v, 1f, tableGradient, 0, gateRows,
                    lookup.weight().owner().data(), e, inputSize, 1f, g, weightIh.offset(), inputSize);
            Gemm.sgemm(false, false, v, inputSize, gateRows, 1f, tableGradient, 0, gateRows,
                    w, weightIh.offset(), inputSize, 1f, lookup.weight().owner().grad(), e, inputSize);
        } else {
            // dW_ih += Σ_t dpre_tᵀ·x_t ; dx = dpre·W_ih
            Gemm.sgemm(true, false, gateRows, inputSize, rows,
                    1f, dGates, 0, gateRows, x, 0, inputSize, 1f, g, weightIh.offset(), inputSize);
            Gemm.sgemm(false, false, rows, inputSize, gateRows,
                    1f, dGates, 0, gateRows, w, weightIh.offset(), inputSize, 0f, dx, 0, inputSize);
        }
        // db_ih += Σ_t dpre_t
        addBiasGradient(biasRowSums, g, biasIh.offset());
        // dW_hh += Σ_t drecᵀ·h_{t-1} ; db_hh += Σ_t drec (the sums db_ih got when drec is dGates)
        Gemm.sgemm(true, false, gateRows, hidden, rows,
                1f, dRec, 0, gateRows, hs, 0, hidden, 1f, g, weightHh.offset(), hidden);
        if (dRec != dGates) {
            addBiasGradient(recurrentBiasRowSums, g, biasHh.offset());
        } else {
            for (int j = 0; j < gateRows; j++) {
                g[biasHh.offset() + j] += biasGradient[j];
            }
        }
        if (lookup != null) {
            if (x != null) {
                lookup.backward(dx);    // a lookup run as dense rows: the embedding adds dx to the rows it read
            }
            return null;
        }
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
    private void recordStateGradient(int t, float[] dOutput, int from, int to) {
        int bh = batch * hidden;
        for (int b = from; b < to; b++) {
            int o = t * bh + b * hidden;
            boolean real = active(t, b);
            for (int j = 0; j < hidden; j++) {
                hGradients[o + j] = dh[b * hidden + j] + (real ? dOutput[o + j] : 0f);
            }
        }
        if (cGradients != null) {
            recordCellGradient(t, from, to, hGradients, cGradients);
        }
    }

    /**
     * Writes ∂L/∂c_t of sequences [from, to) into block t of {@code dcOut} (T, B, H), given ∂L/∂h_t in block t of
     * {@code dhTotal}; called before {@link #stepBackward} of step t. Only cells with a cell state override it.
     */
    protected void recordCellGradient(int t, int from, int to, float[] dhTotal, float[] dcOut) {
    }

    /**
     * Rows [from, to) of step t: out[outOff + b·G·H ..] += h_{t-1}[b]·W_hhᵀ, the recurrent product of one step,
     * where {@code outOff} is where row 0 of step t starts. One row uses W_hh as it is (a dot product per
     * output), and takes the step's input product x_t·W_ihᵀ and the bias with it when {@link #inputWithRecurrent};
     * more rows use the transposed copy. Nothing in a {@link #stepPreActivated} step, whose gates hold it already.
     */
    protected final void addRecurrentProduct(int t, int from, int to, float[] out, int outOff) {
        if (recurrentTaken) {
            return;
        }
        int hOff = (t * batch + from) * hidden;
        int cOff = outOff + from * gateRows;
        if (quantizedHh != null) {
            quantizedHh.multiplyAdd(to - from, hs, hOff, hidden, out, cOff, gateRows);
        } else if (inputWithRecurrent) {
            float[] w = params.data();
            stepGemm.dotRowPair(gateRows, x, 0, inputSize, w, weightIh.offset(), inputBias, 0, hs, hOff, hidden,
                    w, weightHh.offset(), out, cOff);
        } else if (usePacked) {
            packedForward.multiplyAdd(to - from, hs, hOff, hidden, out, cOff, gateRows);
        } else if (batch == 1) {
            stepGemm.sgemm(false, true, 1, gateRows, hidden, 1f, hs, hOff, hidden,
                    params.data(), weightHh.offset(), hidden, 1f, out, cOff, gateRows);
        } else {
            stepGemm.sgemm(false, false, to - from, gateRows, hidden, 1f, hs, hOff, hidden,
                    weightHhT, 0, gateRows, 1f, out, cOff, gateRows);
        }
    }

    /**
     * Rows [from, to) of step t: dh[b] += dPre[t, b]·W_hh, the gradient that reaches h_{t-1} through the recurrent
     * product, for the (T, B, G·H) gradient dPre of that product.
     */
    protected final void addRecurrentGradient(int t, int from, int to, float[] dPre) {
        int off = (t * batch + from) * gateRows;
        if (usePacked) {
            packedBackward.multiplyAdd(to - from, dPre, off, gateRows, dh, from * hidden, hidden);
        } else {
            stepGemm.sgemm(false, false, to - from, hidden, gateRows, 1f, dPre, off, gateRows,
                    params.data(), weightHh.offset(), hidden, 1f, dh, from * hidden, hidden);
        }
    }

    /** Whether the backend offers packed operands; makes them when the backend is new to this layer. */
    private boolean packedAvailable(GemmBackend gemm) {
        if (packedFor != gemm) {
            packedForward = gemm.packRight(true, hidden, gateRows);
            packedBackward = packedForward != null ? gemm.packRight(false, gateRows, hidden) : null;
            packedFor = gemm;
        }
        return packedForward != null && packedBackward != null;
    }

    /**
     * One step forward at time t for sequences [from, to) of the batch: reads gates[t] (input projection) and
     * hs[t], writes hs[t+1] and out[t] of those rows.
     */
    protected abstract void stepForward(int t, int from, int to);

    /**
     * One step backward at time t for sequences [from, to): on entry {@link #dh} holds ∂L/∂h_{t+1} from later
     * steps; adds dOutput[t], writes dGates[t] and leaves ∂L/∂h_t in {@link #dh}, for those rows. dGates is the
     * gates array: a row's activations must be read before its gradient is written.
     */
    protected abstract void stepBackward(int t, float[] dOutput, int from, int to);

    /**
     * Runs the time loop (over the sequences [from, to) it is given) on the whole batch or, when the GEMM backend
     * has several threads and a step's product is large enough, on one slice of the batch per thread in parallel,
     * each with single-threaded step products.
     */
    private void inBatchSlices(WorkerTeam.Range loop) {
        GemmBackend gemm = Gemm.backend();
        int threads = gemm.threads();
        int slices = Math.min(threads, batch);
        if (slices <= 1 || (long) batch * gateRows * hidden < minSplitWork) {
            stepGemm = gemm;
            loop.run(0, batch);
            return;
        }
        stepGemm = gemm.singleThreaded();
        WorkerTeam.of(threads).runRanges(batch, slices, loop);
    }

    /** Sets the smallest step product (B·G·H·H multiply-adds) whose time loop is split; for tests. */
    static void setMinSplitWork(long work) {
        minSplitWork = work;
    }

    /**
     * The cell's vector kernel, a class that uses the Vector API and so is loaded only when the JVM has that
     * module; null otherwise (the cell's scalar loops then do all units).
     */
    static <T> T vectorKernel(Class<T> type, String className) {
        if (!GemmBackends.vectorApiLoaded()) {
            return null;
        }
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * True when {@link #stepBackward} itself adds each row of dGates[t] to {@link #biasRowSums()} (row b at b·G·H),
     * as the time loop otherwise does after the step: sums[b] += dGates[t, b], the same additions in the same order.
     */
    protected boolean sumsBiasRowsInStep() {
        return false;
    }

    /** (B, G·H): Σ_t dGates[t, b] per sequence so far in the current backward's time loop. */
    protected final float[] biasRowSums() {
        return biasRowSums;
    }

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
            dGates = gates;
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
        checkSteps(steps, batch, lengths);
        if (x.length < (long) steps * batch * inputSize) {
            throw new IllegalArgumentException("input of " + x.length + " floats is shorter than T·B·I = "
                    + ((long) steps * batch * inputSize));
        }
    }

    /** Rejects a non-positive T or B, a T·B beyond an array's reach, and lengths of the wrong count or outside 0..T. */
    static void checkSteps(int steps, int batch, int[] lengths) {
        if (steps <= 0 || batch <= 0) {
            throw new IllegalArgumentException("steps and batch must be positive");
        }
        if ((long) steps * batch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("T·B = " + ((long) steps * batch) + " rows is too many");
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

    /** Rows [from, to) of step t: gates[t, b] += the input bias (b_ih, plus b_hh when the cell adds it here). */
    private void addInputBias(int t, int from, int to) {
        addInputBias(gates, t * batch + from, t * batch + to);
    }

    /** Rows [from, to) of the (·, G·H) matrix m: m[r] += the input bias. */
    private void addInputBias(float[] m, int from, int to) {
        for (int row = from * gateRows; row < to * gateRows; row += gateRows) {
            for (int j = 0; j < gateRows; j++) {
                m[row + j] += inputBias[j];
            }
        }
    }

    // P[v] = E[v]·W_ihᵀ + b, for the V entries of the lookup's embedding E
    private void projectTable(float[] w) {
        int v = lookup.vocabSize();
        if (projectedTable.length < v * gateRows) {
            projectedTable = new float[v * gateRows];
        }
        Gemm.sgemm(false, true, v, gateRows, inputSize, 1f, lookup.weight().owner().data(), lookup.weight().offset(),
                inputSize, w, weightIh.offset(), inputSize, 0f, projectedTable, 0, gateRows);
        addInputBias(projectedTable, 0, v);
    }

    /**
     * Rows [from, to) of step t: gates[t, b] = P[ids[t, b]], the input pre-activation of the entry read (its 8-bit
     * projection, still without bias, when the weights are quantized).
     */
    private void copyProjectedRows(int t, int from, int to) {
        float[] table = quantizedIh != null ? quantizedProjection : projectedTable;
        for (int b = from; b < to; b++) {
            int row = t * batch + b;
            System.arraycopy(table, lookupIds[row] * gateRows, gates, row * gateRows, gateRows);
        }
    }

    /**
     * S[v] = Σ dGates[r] over the rows r with ids[r] = v. The threads share the columns, each adding the rows in
     * order, so S does not depend on the thread count.
     */
    private void sumGradientPerEntry(int vocab) {
        if (tableGradient.length < vocab * gateRows) {
            tableGradient = new float[vocab * gateRows];
        }
        int rows = steps * batch;
        int threads = Gemm.backend().threads();
        WorkerTeam.of(threads).runRanges(gateRows, threads, (c0, c1) -> {
            for (int v = 0; v < vocab; v++) {
                Arrays.fill(tableGradient, v * gateRows + c0, v * gateRows + c1, 0f);
            }
            for (int r = 0; r < rows; r++) {
                int dst = lookupIds[r] * gateRows;
                int src = r * gateRows;
                for (int j = c0; j < c1; j++) {
                    tableGradient[dst + j] += dGates[src + j];
                }
            }
        });
    }

    private void growBiasRowSums(boolean recurrentToo) {
        int n = batch * gateRows;
        if (biasRowSums.length < n) {
            biasRowSums = new float[n];
        }
        if (recurrentToo && recurrentBiasRowSums.length < n) {
            recurrentBiasRowSums = new float[n];
        }
    }

    /** Rows [from, to) of step t: sums[b] += m[t, b] for the (T, B, G·H) matrix m. */
    private void addToRowSums(float[] sums, float[] m, int t, int from, int to) {
        for (int b = from; b < to; b++) {
            int src = (t * batch + b) * gateRows;
            int dst = b * gateRows;
            for (int j = 0; j < gateRows; j++) {
                sums[dst + j] += m[src + j];
            }
        }
    }

    /**
     * g[off + j] += Σ_b rowSums[b, j], the sequences taken in order, so that the sum does not depend on how the
     * batch was sliced; the sums stay in {@link #biasGradient}.
     */
    private void addBiasGradient(float[] rowSums, float[] g, int off) {
        if (biasGradient.length < gateRows) {
            biasGradient = new float[gateRows];
        }
        Arrays.fill(biasGradient, 0, gateRows, 0f);
        Matrices.addColumnSums(rowSums, batch, gateRows, biasGradient, 0);
        for (int j = 0; j < gateRows; j++) {
            g[off + j] += biasGradient[j];
        }
    }
}
