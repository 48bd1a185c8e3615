package org.rnn4j.reference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.reference.Numerics.FD_STEP;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.dot;
import static org.rnn4j.reference.Numerics.finiteDifferences;
import static org.rnn4j.reference.Numerics.flatten;
import static org.rnn4j.reference.Numerics.rows;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * The hand-written double-precision backward passes of the reference against centred finite differences of
 * its own forward passes (step {@link Numerics#FD_STEP} = 1e-6). Error metric: norm-wise per tensor,
 * ||fd - analytic||₂ / (||fd||₂ + ||analytic||₂), below 1e-6. The loss touches every output and the final
 * state: L = Σ y·R + Σ h_T·S (+ Σ c_T·U), with random R, S, U; the batch is padded, with lengths 6, 3, 0, 5 for
 * T = 6 (a sequence of length 0 keeps its initial state). Stacks: every cell × {1, 2} layers × {1, 2}
 * directions, plus fixed dropout masks between layers (2 layers bidirectional, 3 layers unidirectional).
 */
class ReferenceGradientCheckTest {
    static final double TOL = 1e-6;
    static final int IN = 3;
    static final int HIDDEN = 4;
    static final int STEPS = 6;
    static final int[] LENGTHS = {6, 3, 0, 5};
    static final int BATCH = LENGTHS.length;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                for (boolean bi : new boolean[] {false, true}) {
                    list.add(Arguments.of(cell, layers, bi, false));
                }
            }
            list.add(Arguments.of(cell, 2, true, true));
            list.add(Arguments.of(cell, 3, false, true));
        }
        return list.stream();
    }

    /** A fixed dropout mask [L-1][B][T][D·H] with p = 0.3: entries 0 or 1/(1-p). */
    static double[][][][] randomMasks(Random rnd, int layers, int batch, int steps, int width, double p) {
        double[][][][] m = new double[layers - 1][batch][steps][width];
        for (double[][][] ml : m) {
            for (double[] row : rows(ml)) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = rnd.nextDouble() < p ? 0 : 1 / (1 - p);
                }
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} dropout={3}")
    @MethodSource("configs")
    void stackBackwardMatchesFiniteDifferences(RefCell cell, int layers, boolean bidirectional, boolean dropout) {
        Random rnd = new Random(1000 + cell.ordinal() * 10 + layers * 2 + (bidirectional ? 1 : 0));
        RefStack stack = new RefStack(cell, IN, HIDDEN, layers, bidirectional);
        stack.randomize(rnd, 0.6);
        int slots = stack.slots();
        int width = stack.outputSize();
        double[][][] x = uniform(rnd, BATCH, STEPS, IN, 1.0);
        double[][][] h0 = uniform(rnd, slots, BATCH, HIDDEN, 0.8);
        double[][][] c0 = cell.hasCell() ? uniform(rnd, slots, BATCH, HIDDEN, 0.8) : null;
        double[][][] r = uniform(rnd, BATCH, STEPS, width, 1.0);
        double[][][] s = uniform(rnd, slots, BATCH, HIDDEN, 1.0);
        double[][][] u = cell.hasCell() ? uniform(rnd, slots, BATCH, HIDDEN, 1.0) : null;
        if (dropout) {
            stack.setMasks(randomMasks(rnd, layers, BATCH, STEPS, width, 0.3));
        }

        DoubleSupplier loss = () -> {
            RefSequenceLayer.Output o = stack.forward(x, LENGTHS, h0, c0);
            return dot(o.y(), r) + dot(o.hT(), s) + dot(o.cT(), u);
        };
        RefSequenceLayer.Output o = stack.forward(x, LENGTHS, h0, c0);
        checkPaddingSemantics(o, h0, c0, stack.directions());
        stack.zeroGrad();
        RefSequenceLayer.InputGrad g = stack.backward(r, s, u);

        String category = "a.reference-vs-fd/" + cell;
        Map<String, double[]> grads = stack.grads();
        for (Map.Entry<String, double[]> p : stack.params().entrySet()) {
            assertClose(category, p.getKey(), finiteDifferences(loss, p.getValue(), FD_STEP),
                    grads.get(p.getKey()), TOL);
        }
        assertClose(category, "dx", finiteDifferences(loss, rows(x), FD_STEP), flatten(g.dx()), TOL);
        assertClose(category, "dh0", finiteDifferences(loss, rows(h0), FD_STEP), flatten(g.dh0()), TOL);
        if (c0 != null) {
            assertClose(category, "dc0", finiteDifferences(loss, rows(c0), FD_STEP), flatten(g.dc0()), TOL);
        }
    }

    /** Padded outputs are zero; a sequence of length 0 ends in its initial state. */
    private static void checkPaddingSemantics(RefSequenceLayer.Output o, double[][][] h0, double[][][] c0,
                                              int directions) {
        for (int b = 0; b < BATCH; b++) {
            for (int t = LENGTHS[b]; t < STEPS; t++) {
                for (double v : o.y()[b][t]) {
                    assertEquals(0.0, v);
                }
            }
        }
        int empty = 2;   // LENGTHS[2] == 0
        for (int k = 0; k < directions; k++) {   // slots of layer 0
            assertTrue(java.util.Arrays.equals(h0[k][empty], o.hT()[k][empty]));
            if (c0 != null) {
                assertTrue(java.util.Arrays.equals(c0[k][empty], o.cT()[k][empty]));
            }
        }
    }

    @Test
    void linearBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(7);
        RefLinear lin = new RefLinear(5, 3);
        System.arraycopy(uniform(rnd, 15, 1.0), 0, lin.weight, 0, 15);
        System.arraycopy(uniform(rnd, 3, 1.0), 0, lin.bias, 0, 3);
        double[][][] x = uniform(rnd, 2, 4, 5, 1.0);
        double[][][] r = uniform(rnd, 2, 4, 3, 1.0);
        DoubleSupplier loss = () -> dot(lin.forward(x), r);
        lin.forward(x);
        double[][][] dx = lin.backward(r);
        assertClose("a.reference-vs-fd/Linear", "weight", finiteDifferences(loss, lin.weight, FD_STEP),
                lin.gWeight, TOL);
        assertClose("a.reference-vs-fd/Linear", "bias", finiteDifferences(loss, lin.bias, FD_STEP), lin.gBias, TOL);
        assertClose("a.reference-vs-fd/Linear", "dx", finiteDifferences(loss, rows(x), FD_STEP), flatten(dx), TOL);
    }

    @Test
    void embeddingBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(8);
        RefEmbedding emb = new RefEmbedding(6, 3);
        System.arraycopy(uniform(rnd, 18, 1.0), 0, emb.weight, 0, 18);
        int[][] ids = {{0, 2, 2, 5}, {1, 0, 3, 3}};   // repeated ids accumulate; id 4 is never read
        double[][][] r = uniform(rnd, 2, 4, 3, 1.0);
        DoubleSupplier loss = () -> dot(emb.forward(ids), r);
        emb.forward(ids);
        emb.backward(r);
        assertClose("a.reference-vs-fd/Embedding", "weight", finiteDifferences(loss, emb.weight, FD_STEP),
                emb.gWeight, TOL);
        for (int j = 0; j < 3; j++) {
            assertEquals(0.0, emb.gWeight[4 * 3 + j]);
        }
    }

    @Test
    void crossEntropyBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(9);
        double[][][] z = uniform(rnd, 3, 4, 5, 3.0);
        int[][] targets = {{0, 4, -1, 2}, {-1, -1, -1, -1}, {1, 1, 3, -1}};
        RefSoftmaxCrossEntropy ce = new RefSoftmaxCrossEntropy();
        DoubleSupplier loss = () -> ce.forward(z, targets);
        double l = ce.forward(z, targets);
        double[][][] g = Numerics.copy(ce.gradient());
        assertClose("a.reference-vs-fd/CrossEntropy", "dlogits", finiteDifferences(loss, rows(z), FD_STEP),
                flatten(g), TOL);
        // the value: mean over the 6 counted positions of -log softmax
        double expected = 0;
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 4; t++) {
                if (targets[b][t] >= 0) {
                    double sum = 0;
                    for (double v : z[b][t]) {
                        sum += Math.exp(v);
                    }
                    expected += Math.log(sum) - z[b][t][targets[b][t]];
                }
            }
        }
        assertEquals(expected / 6, l, 1e-12);
        assertTrue(Double.isNaN(ce.forward(z, new int[][] {{-1, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1}})));
    }

    static Stream<Arguments> charConfigs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            list.add(Arguments.of(cell, 1, false));
            list.add(Arguments.of(cell, 2, true));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @MethodSource("charConfigs")
    void charModelBackwardMatchesFiniteDifferences(RefCell cell, int layers, boolean bidirectional) {
        Random rnd = new Random(500 + cell.ordinal() * 4 + layers);
        int vocab = 7;
        RefCharModel model = new RefCharModel(cell, vocab, 3, HIDDEN, layers, bidirectional);
        model.randomize(rnd, 0.6);
        int slots = model.stack.slots();
        int[][] ids = new int[BATCH][STEPS];
        int[][] targets = new int[BATCH][STEPS];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                ids[b][t] = rnd.nextInt(vocab);
                targets[b][t] = t < LENGTHS[b] ? rnd.nextInt(vocab) : RefSoftmaxCrossEntropy.IGNORE;
            }
        }
        targets[0][1] = RefSoftmaxCrossEntropy.IGNORE;   // an ignored target at a real step
        double[][][] h0 = uniform(rnd, slots, BATCH, HIDDEN, 0.8);
        double[][][] c0 = cell.hasCell() ? uniform(rnd, slots, BATCH, HIDDEN, 0.8) : null;
        double[][][] s = uniform(rnd, slots, BATCH, HIDDEN, 1.0);
        double[][][] u = cell.hasCell() ? uniform(rnd, slots, BATCH, HIDDEN, 1.0) : null;

        DoubleSupplier loss = () -> model.forward(ids, targets, LENGTHS, h0, c0, s, u);
        model.forward(ids, targets, LENGTHS, h0, c0, s, u);
        model.zeroGrad();
        RefSequenceLayer.InputGrad g = model.backward(s, u);

        String category = "a.reference-vs-fd/char-model/" + cell;
        Map<String, double[]> grads = model.grads();
        for (Map.Entry<String, double[]> p : model.params().entrySet()) {
            assertClose(category, p.getKey(), finiteDifferences(loss, p.getValue(), FD_STEP),
                    grads.get(p.getKey()), TOL);
        }
        assertClose(category, "dh0", finiteDifferences(loss, rows(h0), FD_STEP), flatten(g.dh0()), TOL);
        if (c0 != null) {
            assertClose(category, "dc0", finiteDifferences(loss, rows(c0), FD_STEP), flatten(g.dc0()), TOL);
        }
    }
}
