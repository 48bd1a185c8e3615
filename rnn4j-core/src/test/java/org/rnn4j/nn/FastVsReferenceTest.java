package org.rnn4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.math.Rng;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;
import org.rnn4j.reference.RefCharModel;
import org.rnn4j.reference.RefSequenceLayer;
import org.rnn4j.reference.RefSoftmaxCrossEntropy;
import org.rnn4j.reference.RefStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.dot;
import static org.rnn4j.reference.Numerics.flatten;
import static org.rnn4j.reference.Numerics.fromTimeMajor;
import static org.rnn4j.reference.Numerics.toTimeMajor;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * The fast float32 layers against the double reference on the same (float-representable) parameters and
 * inputs: outputs, final states, loss, every parameter gradient, dx, dh0 and dc0. Error metric: norm-wise per
 * tensor, ||ref - fast||₂ / (||ref||₂ + ||fast||₂), below 1e-4. Padded batches: T = 7, lengths 7, 2, 0, 5, and
 * a larger one (I = 13, H = 18, T = 15, six sequences including lengths 0 and 1).
 *
 * <p>Dropout between layers: the fast stack draws its masks from its {@link Rng}; the test copies the Rng state
 * before the forward call and reproduces the masks ({@link Fixtures#reproduceMasks}), then gives them to the
 * reference as fixed masks. {@link DropoutTest} checks the dropout path without that knowledge of the draw
 * order.
 */
class FastVsReferenceTest {
    static final double TOL = 1e-4;
    static final int IN = 3;
    static final int HIDDEN = 5;
    static final int STEPS = 7;
    static final int[] LENGTHS = {7, 2, 0, 5};
    static final int BATCH = LENGTHS.length;

    /** Sizes of a stack test: input, hidden, T and the lengths of the batch. */
    record Shape(int in, int hidden, int steps, int[] lengths) {
        int batch() {
            return lengths.length;
        }

        @Override
        public String toString() {
            return "I=" + in + " H=" + hidden + " T=" + steps + " B=" + lengths.length;
        }
    }

    static final Shape SMALL = new Shape(IN, HIDDEN, STEPS, LENGTHS);
    /** Larger, to run the GEMM kernels over several blocks and remainders. */
    static final Shape LARGE = new Shape(13, 18, 15, new int[] {15, 9, 1, 14, 0, 15});
    /**
     * One step of one sequence, as sampling feeds a model: LSTM and RNN layers take the input and recurrent
     * products in one pass (GemmBackend.dotRowPair); at 64 × 64 that pass is large enough to be split over threads.
     */
    static final Shape ONE_STEP = new Shape(IN, HIDDEN, 1, new int[] {1});
    static final Shape ONE_STEP_LARGE = new Shape(64, 64, 1, new int[] {1});

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                for (boolean bi : new boolean[] {false, true}) {
                    list.add(Arguments.of(cell, layers, bi, 0f, SMALL));
                }
            }
            list.add(Arguments.of(cell, 2, true, 0.3f, SMALL));
            list.add(Arguments.of(cell, 3, false, 0.5f, SMALL));
            list.add(Arguments.of(cell, 2, true, 0.2f, LARGE));
            list.add(Arguments.of(cell, 2, false, 0f, ONE_STEP));
            list.add(Arguments.of(cell, 2, true, 0f, ONE_STEP_LARGE));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} dropout={3} {4}")
    @MethodSource("configs")
    void stackMatchesReference(RefCell cell, int layers, boolean bidirectional, float dropout, Shape shape) {
        int in = shape.in();
        int hidden = shape.hidden();
        int steps = shape.steps();
        int[] lengths = shape.lengths();
        int batch = shape.batch();
        Random rnd = new Random(2000 + cell.ordinal() * 10 + layers * 2 + (bidirectional ? 1 : 0) + steps);
        RefStack ref = new RefStack(cell, in, hidden, layers, bidirectional);
        ref.randomize(rnd, 0.6);
        Parameters params = new Parameters();
        Rng dropoutRng = new Rng(77);
        RecurrentStack fast = new RecurrentStack(Fixtures.fast(cell), params, "rnn.", in, hidden, layers,
                bidirectional, dropout, dropout > 0 ? dropoutRng : null);
        fast.setTraining(true);
        Fixtures.copyParams(ref.params(), params, "rnn.");

        int slots = ref.slots();
        int width = ref.outputSize();
        boolean lstm = cell.hasCell();
        double[][][] x = Numerics.roundToFloat(uniform(rnd, batch, steps, in, 1.0));
        double[][][] h0 = Numerics.roundToFloat(uniform(rnd, slots, batch, hidden, 0.8));
        double[][][] c0 = lstm ? Numerics.roundToFloat(uniform(rnd, slots, batch, hidden, 0.8)) : null;
        double[][][] r = Numerics.roundToFloat(uniform(rnd, batch, steps, width, 1.0));
        double[][][] s = Numerics.roundToFloat(uniform(rnd, slots, batch, hidden, 1.0));
        double[][][] u = lstm ? Numerics.roundToFloat(uniform(rnd, slots, batch, hidden, 1.0)) : null;
        if (dropout > 0) {
            ref.setMasks(Fixtures.reproduceMasks(dropoutRng.state(), layers, steps, batch, width, dropout));
        }

        // reference
        RefSequenceLayer.Output ro = ref.forward(x, lengths, h0, c0);
        double refLoss = dot(ro.y(), r) + dot(ro.hT(), s) + dot(ro.cT(), u);
        ref.zeroGrad();
        RefSequenceLayer.InputGrad rg = ref.backward(r, s, u);

        // fast
        float[] fx = toTimeMajor(x);
        float[] fxCopy = fx.clone();
        RecurrentState init = Fixtures.state(slots, batch, hidden, lstm, h0, c0);
        RecurrentState initCopy = init.copy();
        RecurrentState last = fast.newState(batch);
        float[] y = fast.forward(fx, steps, batch, lengths, init, last);
        double[][][] fy = fromTimeMajor(y, steps, batch, width);
        double fastLoss = dot(fy, r) + dot(Numerics.fromFlat(last.h(), slots, batch, hidden), s)
                + (lstm ? dot(Numerics.fromFlat(last.c(), slots, batch, hidden), u) : 0);
        params.zeroGrad();
        float[] dOut = toTimeMajor(r);
        float[] dOutCopy = dOut.clone();
        RecurrentState dLast = Fixtures.state(slots, batch, hidden, lstm, s, u);
        RecurrentState dLastCopy = dLast.copy();
        RecurrentState dInit = fast.newState(batch);
        float[] dx = fast.backward(dOut, dLast, dInit);

        String category = "b.fast-vs-reference/" + cell;
        assertClose(category, "output", flatten(ro.y()), flatten(fy), TOL);
        assertClose(category, "h_T", flatten(ro.hT()), Fixtures.h(last), TOL);
        if (lstm) {
            assertClose(category, "c_T", flatten(ro.cT()), Fixtures.c(last), TOL);
        }
        assertClose(category, "loss", refLoss, fastLoss, TOL);
        for (var e : ref.grads().entrySet()) {
            assertClose(category, e.getKey(), e.getValue(), Fixtures.gradient(params, "rnn." + e.getKey()), TOL);
        }
        assertClose(category, "dx", flatten(rg.dx()), flatten(fromTimeMajor(dx, steps, batch, in)), TOL);
        assertClose(category, "dh0", flatten(rg.dh0()), Fixtures.h(dInit), TOL);
        if (lstm) {
            assertClose(category, "dc0", flatten(rg.dc0()), Fixtures.c(dInit), TOL);
        }
        // inputs the contract says are not modified
        assertArrayEquals(fxCopy, fx);
        assertArrayEquals(dOutCopy, dOut);
        assertArrayEquals(initCopy.h(), init.h());
        assertArrayEquals(dLastCopy.h(), dLast.h());
        if (lstm) {
            assertArrayEquals(initCopy.c(), init.c());
            assertArrayEquals(dLastCopy.c(), dLast.c());
        }
    }

    static Stream<Arguments> charConfigs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            for (boolean lookup : new boolean[] {false, true}) {
                list.add(Arguments.of(cell, 1, false, lookup));
                list.add(Arguments.of(cell, 2, true, lookup));
                list.add(Arguments.of(cell, 2, false, lookup));
            }
        }
        return list.stream();
    }

    /**
     * Embedding → stack → Linear → cross-entropy (+ Σ h_T·S + Σ c_T·U), with ignored targets at padding; the
     * stack fed the embedding's output, or (lookup) the embedding and the ids, which a one-direction first layer
     * turns into its input projection per vocabulary entry (T·B = 28 rows, V = 11).
     */
    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} lookup={3}")
    @MethodSource("charConfigs")
    void charModelMatchesReference(RefCell cell, int layers, boolean bidirectional, boolean lookup) {
        Random rnd = new Random(3000 + cell.ordinal() * 4 + layers);
        int vocab = 11;
        int embed = 4;
        RefCharModel ref = new RefCharModel(cell, vocab, embed, HIDDEN, layers, bidirectional);
        ref.randomize(rnd, 0.6);
        Parameters params = new Parameters();
        Embedding embedding = new Embedding(params, "embedding.", vocab, embed);
        RecurrentStack stack = new RecurrentStack(Fixtures.fast(cell), params, "rnn.", embed, HIDDEN, layers,
                bidirectional, 0f, null);
        Linear head = new Linear(params, "head.", HIDDEN * stack.directions(), vocab);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Fixtures.copyParams(ref.params(), params, "");

        int slots = ref.stack.slots();
        boolean lstm = cell.hasCell();
        int[][] ids = new int[BATCH][STEPS];
        int[][] targets = new int[BATCH][STEPS];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                ids[b][t] = rnd.nextInt(vocab);
                targets[b][t] = t < LENGTHS[b] ? rnd.nextInt(vocab) : RefSoftmaxCrossEntropy.IGNORE;
            }
        }
        targets[0][3] = RefSoftmaxCrossEntropy.IGNORE;
        double[][][] h0 = Numerics.roundToFloat(uniform(rnd, slots, BATCH, HIDDEN, 0.8));
        double[][][] c0 = lstm ? Numerics.roundToFloat(uniform(rnd, slots, BATCH, HIDDEN, 0.8)) : null;
        double[][][] s = Numerics.roundToFloat(uniform(rnd, slots, BATCH, HIDDEN, 1.0));
        double[][][] u = lstm ? Numerics.roundToFloat(uniform(rnd, slots, BATCH, HIDDEN, 1.0)) : null;

        double refLoss = ref.forward(ids, targets, LENGTHS, h0, c0, s, u);
        ref.zeroGrad();
        RefSequenceLayer.InputGrad rg = ref.backward(s, u);

        int rows = STEPS * BATCH;
        int[] fastIds = toTimeMajor(ids);
        int[] fastTargets = toTimeMajor(targets);
        RecurrentState init = Fixtures.state(slots, BATCH, HIDDEN, lstm, h0, c0);
        RecurrentState last = stack.newState(BATCH);
        float[] hidden = lookup ? stack.forward(embedding, fastIds, STEPS, BATCH, LENGTHS, init, last)
                : stack.forward(embedding.forward(fastIds, rows), STEPS, BATCH, LENGTHS, init, last);
        float[] logits = head.forward(hidden, rows);
        double fastLoss = ce.forward(logits, rows, vocab, fastTargets)
                + dot(Numerics.fromFlat(last.h(), slots, BATCH, HIDDEN), s)
                + (lstm ? dot(Numerics.fromFlat(last.c(), slots, BATCH, HIDDEN), u) : 0);
        params.zeroGrad();
        float[] dHidden = head.backward(ce.gradient());
        RecurrentState dInit = stack.newState(BATCH);
        float[] dEmb = stack.backward(dHidden, Fixtures.state(slots, BATCH, HIDDEN, lstm, s, u), dInit);
        if (!lookup) {
            embedding.backward(dEmb);
        }

        String category = "b.fast-vs-reference/char-model/" + cell;
        assertClose(category, "loss", refLoss, fastLoss, TOL);
        assertClose(category, "h_T", flatten(ref.lastOutput().hT()), Fixtures.h(last), TOL);
        for (var e : ref.grads().entrySet()) {
            assertClose(category, e.getKey(), e.getValue(), Fixtures.gradient(params, e.getKey()), TOL);
        }
        assertClose(category, "dh0", flatten(rg.dh0()), Fixtures.h(dInit), TOL);
        if (lstm) {
            assertClose(category, "dc0", flatten(rg.dc0()), Fixtures.c(dInit), TOL);
        }
        if (lookup) {
            assertNull(dEmb, "the embedding's gradient goes into its parameters, not back to the caller");
            return;
        }
        assertClose(category, "dx(embedding output)", flatten(rg.dx()),
                flatten(fromTimeMajor(dEmb, STEPS, BATCH, embed)), TOL);
        // padded steps feed no gradient back into the embedding rows they read
        double[][][] dEmbBf = fromTimeMajor(dEmb, STEPS, BATCH, embed);
        for (int b = 0; b < BATCH; b++) {
            for (int t = LENGTHS[b]; t < STEPS; t++) {
                assertArrayEquals(new double[embed], dEmbBf[b][t]);
            }
        }
    }
}
