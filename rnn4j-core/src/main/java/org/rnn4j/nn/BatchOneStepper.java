package org.rnn4j.nn;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.RowProduct;

import java.util.List;

/**
 * Runs an embedding → recurrent stack → linear decoder one token at a time on one sequence (batch 1), from a state
 * of its own, as sampling runs it: {@link #next} feeds a token and returns the logits of the one after it.
 *
 * <p>A batch-1 step is bound by how fast the weights stream in (a 2 × 512 LSTM reads 12.7 MB per token), and
 * every product run as a job of its own ends with its threads waiting for each other. So the products are
 * grouped by the vector they read, and each group is one job ({@link GemmBackend#dotRowGroup}):
 * <ul>
 *   <li>layer 0's recurrent product for the next step, h⁰_t·W_hh⁰ᵀ, needs only h⁰_t: it is taken ahead, with
 *       the next reader of h⁰_t (layer 1's input and recurrent products, or, with one layer, the decoder);</li>
 *   <li>layer 0's input product is looked up: P[v] = E[v]·W_ih⁰ᵀ + b, one row per vocabulary entry, made with
 *       the stepper.</li>
 * </ul>
 * A step of a 2-layer model is then one job over W_hh⁰, W_ih¹ and W_hh¹ and one over the decoder, where the
 * layer-by-layer path ({@code forward} of the stack, then of the decoder) runs three. Every output is summed as
 * that path sums it, so the logits are the same bits. Every other step walks the groups' weights from their end
 * ({@link GemmBackend#dotRowGroup(boolean, RowProduct...)}), so that a core starts on the weights it read last,
 * which are still in its level-2 cache.
 *
 * <p>Made from the weights as they are now: make a new one after changing them. A model it cannot run this way
 * (GRU, whose recurrent product stays apart from the input's; 8-bit weights; two directions) is run layer by
 * layer, as is every step on a backend that starts a row's sum from what c holds (the Java scalar one; see
 * {@link GemmBackend#sumsRowsBeforeBeta}: taking the recurrent product ahead would change bits there), every
 * step taken while dropout is on (training mode) and every step after the model was switched to 8-bit weights.
 */
public final class BatchOneStepper {
    private final Embedding embedding;
    private final RecurrentStack stack;
    private final Linear decoder;
    private final RecurrentState state;
    private final int[] oneId = new int[1];

    /** Whether the model can run grouped; if not, every step runs layer by layer. */
    private final boolean grouped;
    private final List<RecurrentLayer> layers;
    private final int gateRows;
    /** (V, G·H): P[v] = E[v]·W_ih⁰ᵀ + b⁰, layer 0's input pre-activation of every entry. */
    private final float[] table;
    /** (G·H): h⁰·W_hh⁰ᵀ of the state's current h⁰, when {@link #aheadValid}. */
    private final float[] ahead;
    private boolean aheadValid;
    /** Per layer, the whole pre-activation of the step (G·H). */
    private final float[][] pre;
    private final float[] logits;
    /** ahead alone, for the first step after a (re)start. */
    private final RowProduct[] aheadAlone;
    /** groups[k] (1 ≤ k &lt; L): layer k's products, ahead in group 1; groups[L]: the decoder, ahead too if L = 1. */
    private final RowProduct[][] groups;
    /**
     * Whether this step walks its groups from the end: every other step does, so that the megabyte of weights a
     * core read last, still in its level-2 cache, is the first it reads in the next step.
     */
    private boolean fromTheEnd;

    public BatchOneStepper(Embedding embedding, RecurrentStack stack, Linear decoder) {
        embedding.checkWidth(stack.inputSize());
        if (decoder.inputSize() != stack.outputSize()) {
            throw new IllegalArgumentException("the decoder takes " + decoder.inputSize() + " inputs, the stack gives "
                    + stack.outputSize());
        }
        this.embedding = embedding;
        this.stack = stack;
        this.decoder = decoder;
        this.state = stack.newState(1);
        this.layers = stack.directionLayers();
        // layer 0's recurrent product taken apart from its input product keeps its bits only on a backend that
        // finishes a row's sum before adding to it
        this.grouped = stack.directions() == 1 && floatWeights() && Gemm.backend().sumsRowsBeforeBeta();
        RecurrentLayer first = layers.get(0);
        this.gateRows = first.gateRows;
        if (!grouped) {
            table = ahead = logits = null;
            pre = null;
            aheadAlone = null;
            groups = null;
            return;
        }
        int g = gateRows;
        int hidden = stack.hiddenSize();
        int count = layers.size();
        int v = embedding.vocabSize();
        int in = first.inputSize;
        float[] w = first.params.data();
        float[] e = embedding.weight().owner().data();
        int eOff = embedding.weight().offset();
        GemmBackend gemm = Gemm.backend();

        // P[v] = E[v]·W_ih⁰ᵀ + b⁰: the bias, then each row's product added with β = 1 (as the pair adds it)
        float[] bias0 = new float[g];
        first.writeInputBias(bias0);
        table = new float[v * g];
        RowProduct[] rows = new RowProduct[v];
        for (int r = 0; r < v; r++) {
            System.arraycopy(bias0, 0, table, r * g, g);
            rows[r] = RowProduct.single(g, e, eOff + r * in, in, w, first.weightIh.offset(), 1f, table, r * g);
        }
        gemm.dotRowGroup(rows);

        float[] h = state.h();
        ahead = new float[g];
        RowProduct aheadProduct = RowProduct.single(g, h, state.offset(0), hidden, w, first.weightHh.offset(), 0f,
                ahead, 0);
        aheadAlone = new RowProduct[] {aheadProduct};
        pre = new float[count][g];
        groups = new RowProduct[count + 1][];
        for (int k = 1; k < count; k++) {
            RecurrentLayer layer = layers.get(k);
            float[] bias = new float[g];
            layer.writeInputBias(bias);
            RowProduct pair = RowProduct.pair(g, h, state.offset(k - 1), hidden, w, layer.weightIh.offset(), bias, 0,
                    h, state.offset(k), hidden, w, layer.weightHh.offset(), pre[k], 0);
            groups[k] = k == 1 ? new RowProduct[] {aheadProduct, pair} : new RowProduct[] {pair};
        }
        int vocab = decoder.outputSize();
        logits = new float[vocab];
        RowProduct decode = RowProduct.single(vocab, h, state.offset(count - 1), hidden,
                decoder.weight().owner().data(), decoder.weight().offset(), 1f, logits, 0);
        groups[count] = count == 1 ? new RowProduct[] {aheadProduct, decode} : new RowProduct[] {decode};
    }

    /** Whether every layer takes pre-activated steps (not GRU, no 8-bit weights) and the decoder's weight is float. */
    private boolean floatWeights() {
        for (RecurrentLayer layer : layers) {
            if (!layer.takesPreActivatedSteps()) {
                return false;
            }
        }
        return !decoder.usesQuantizedWeights();
    }

    /** Whether steps run grouped; false when this model runs layer by layer (see the class doc). */
    public boolean groupsProducts() {
        return grouped;
    }

    /** The state the steps carry: (L, 1, H), and c for LSTMs. Changing it is allowed between steps. */
    public RecurrentState state() {
        aheadValid = false;     // the caller may write into it
        return state;
    }

    /** Zeroes the state: the next token starts a new sequence. */
    public void reset() {
        state.zero();
        aheadValid = false;
    }

    /**
     * Feeds token {@code id} and returns the logits (V) of the next one: the stepper's own buffer, overwritten by
     * the next call. The state is advanced.
     */
    public float[] next(int id) {
        oneId[0] = id;
        embedding.checkIds(oneId, 1);
        GemmBackend gemm = Gemm.backend();
        if (!grouped || !gemm.sumsRowsBeforeBeta() || !floatWeights()
                || (stack.isTraining() && stack.dropout() > 0f)) {
            aheadValid = false;
            float[] h = stack.forward(embedding, oneId, 1, 1, null, state, state);
            return decoder.forward(h, 1);
        }
        fromTheEnd = !fromTheEnd;
        if (!aheadValid) {
            gemm.dotRowGroup(fromTheEnd, aheadAlone);
        }
        // layer 0: a = h⁰_{t-1}·W_hh⁰ᵀ + (E[id]·W_ih⁰ᵀ + b⁰), the order the pair product adds them in
        float[] a = pre[0];
        int row = id * gateRows;
        for (int j = 0; j < gateRows; j++) {
            a[j] = ahead[j] + table[row + j];
        }
        layers.get(0).stepPreActivated(a, state);
        aheadValid = false;
        int count = layers.size();
        for (int k = 1; k < count; k++) {
            gemm.dotRowGroup(fromTheEnd, groups[k]);
            layers.get(k).stepPreActivated(pre[k], state);
        }
        System.arraycopy(decoder.bias().owner().data(), decoder.bias().offset(), logits, 0, logits.length);
        gemm.dotRowGroup(fromTheEnd, groups[count]);
        aheadValid = true;      // group 1 (or, with one layer, the decoder's) took h⁰_t·W_hh⁰ᵀ
        return logits;
    }
}
