package org.rnn4j.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.JavaGemm;
import org.rnn4j.math.Rng;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack fed an embedding and ids ({@link RecurrentStack#forward(Embedding, int[], int, int, int[],
 * RecurrentState, RecurrentState)}) against the same stack fed the embedding's output: with more rows than
 * vocabulary entries the first layer takes its input projection per entry and its W_ih and embedding gradients
 * from per-entry sums of dGates. On the Java backends a row of a product does not depend on the other rows, so
 * outputs, states and every other gradient are equal bit for bit, and those two gradients (a sum taken in
 * another order) to float rounding; with fewer rows than entries, and for a two-direction first layer, the rows
 * are looked up and everything is equal bit for bit. The per-entry sums do not depend on the thread count.
 */
class EmbeddingLookupInputTest {
    static final int VOCAB = 13;
    static final int EMBED = 6;
    static final int HIDDEN = 9;
    static final int STEPS = 8;
    static final int[] LENGTHS = {8, 3, 0, 8, 5};
    static final int BATCH = LENGTHS.length;

    private final GemmBackend saved = Gemm.backend();

    @AfterEach
    void restore() {
        Gemm.setBackend(saved);
    }

    /** The outputs, final and initial-state gradients, and all parameter gradients of one forward and backward. */
    record Run(float[] out, float[] h, float[] c, float[] dh0, float[] grad, Parameters params, boolean nullDx) {
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void perEntryProjectionMatchesTheLookedUpRows(CellType cell) {
        for (GemmBackend gemm : new GemmBackend[] {new JavaGemm(1), vectorOrJava(2)}) {
            Gemm.setBackend(gemm);
            Run dense = run(cell, false, false, STEPS, LENGTHS);
            Run lookup = run(cell, false, true, STEPS, LENGTHS);
            String what = cell + " with " + gemm.name() + ": ";
            assertTrue(lookup.nullDx, what + "backward returns null after a lookup");
            assertArrayEquals(dense.out, lookup.out, what + "outputs");
            assertArrayEquals(dense.h, lookup.h, what + "final h");
            assertArrayEquals(dense.c, lookup.c, what + "final c");
            assertArrayEquals(dense.dh0, lookup.dh0, what + "dh_0");
            for (Param p : dense.params.list()) {
                float[] expected = slice(dense.grad, p);
                float[] got = slice(lookup.grad, p);
                if (p.name().equals("embedding.weight") || p.name().equals("rnn.weight_ih_l0")) {
                    assertClose(expected, got, 1e-6, what + p.name());
                } else {
                    assertArrayEquals(expected, got, what + p.name());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void perEntrySumsDoNotDependOnTheThreadCount(CellType cell) {
        Gemm.setBackend(new JavaGemm(1));
        Run one = run(cell, false, true, STEPS, LENGTHS);
        for (GemmBackend gemm : new GemmBackend[] {new JavaGemm(2), new JavaGemm(3)}) {
            Gemm.setBackend(gemm);
            Run more = run(cell, false, true, STEPS, LENGTHS);
            assertArrayEquals(one.out, more.out, cell + " outputs, " + gemm.name());
            assertArrayEquals(one.grad, more.grad, cell + " gradients, " + gemm.name());
        }
    }

    @Test
    void fewerRowsThanEntriesAndTwoDirectionsRunTheLookedUpRowsBitForBit() {
        Gemm.setBackend(vectorOrJava(2));
        int[] shortLengths = {2, 1};                 // 2·2 = 4 rows, fewer than the 13 entries
        for (boolean bidirectional : new boolean[] {false, true}) {
            for (int[] lengths : new int[][] {shortLengths, LENGTHS}) {
                int steps = lengths == shortLengths ? 2 : STEPS;
                Run dense = run(CellType.LSTM, bidirectional, false, steps, lengths);
                Run lookup = run(CellType.LSTM, bidirectional, true, steps, lengths);
                if (!bidirectional && lengths == LENGTHS) {
                    continue;                        // the per-entry path, checked above
                }
                String what = "bidirectional=" + bidirectional + " rows=" + steps * lengths.length + ": ";
                assertTrue(lookup.nullDx, what + "backward returns null after a lookup");
                assertArrayEquals(dense.out, lookup.out, what + "outputs");
                assertArrayEquals(dense.h, lookup.h, what + "final h");
                assertArrayEquals(dense.dh0, lookup.dh0, what + "dh_0");
                assertArrayEquals(dense.grad, lookup.grad, what + "gradients");
            }
        }
    }

    /**
     * With 8-bit weights, a first layer given the embedding when quantized copies each entry's 8-bit projection
     * taken then: the same bits as the looked-up rows through the 8-bit W_ih, for T·B above and below V.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void quantizedPerEntryProjectionGivesTheLookedUpRowsBits(CellType cell) {
        Gemm.setBackend(vectorOrJava(2));
        Model model = model(cell, false, 7);
        Embedding embedding = model.embedding;
        RecurrentStack stack = model.stack;
        Random rnd = new Random(5);
        int[] ids = randomIds(rnd, STEPS * BATCH);
        RecurrentState initial = stack.newState(BATCH);
        fill(rnd, initial.h());
        for (int[] shape : new int[][] {{STEPS, BATCH}, {1, 1}, {2, 3}}) {
            int steps = shape[0];
            int batch = shape[1];
            RecurrentState start = stack.newState(batch);
            System.arraycopy(initial.h(), 0, start.h(), 0, start.h().length);
            int[] lengths = batch == BATCH ? LENGTHS : null;
            float[][] outs = new float[2][];
            float[][] states = new float[2][];
            for (int table = 0; table < 2; table++) {
                for (RecurrentLayer layer : stack.directionLayers()) {
                    layer.useQuantizedWeights(true, table == 1 && layer == stack.directionLayers().get(0)
                            ? embedding : null);
                }
                RecurrentState last = stack.newState(batch);
                outs[table] = stack.forward(embedding, ids, steps, batch, lengths, start, last).clone();
                states[table] = last.h().clone();
            }
            String what = cell + " T=" + steps + " B=" + batch + ": ";
            assertArrayEquals(outs[0], outs[1], what + "outputs");
            assertArrayEquals(states[0], states[1], what + "final h");
        }
        assertThrows(IllegalStateException.class, () -> stack.backward(new float[STEPS * BATCH * HIDDEN], null, null),
                "8-bit weights are for inference");
    }

    @Test
    void badIdsAndWidthsAreRejectedBeforeAnythingRuns() {
        Parameters params = new Parameters();
        Embedding embedding = new Embedding(params, "embedding.", VOCAB, EMBED);
        RecurrentStack stack = new RecurrentStack(CellType.LSTM, params, "rnn.", EMBED, HIDDEN, 2, false, 0f, null);
        int[] ids = new int[STEPS * BATCH];
        ids[7] = VOCAB;
        var e = assertThrows(IllegalArgumentException.class,
                () -> stack.forward(embedding, ids, STEPS, BATCH, LENGTHS, null, null));
        assertEquals("id 13 outside the vocabulary 0..12", e.getMessage());
        assertThrows(IllegalStateException.class, () -> stack.backward(new float[STEPS * BATCH * HIDDEN], null, null),
                "a rejected forward leaves nothing to run backward over");
        assertThrows(IllegalArgumentException.class,
                () -> stack.forward(embedding, new int[STEPS * BATCH - 1], STEPS, BATCH, null, null, null),
                "fewer ids than T·B");
        Embedding narrow = new Embedding(params, "narrow.", VOCAB, EMBED - 1);
        assertThrows(IllegalArgumentException.class,
                () -> stack.forward(narrow, new int[STEPS * BATCH], STEPS, BATCH, null, null, null));
    }

    private static Run run(CellType cell, boolean bidirectional, boolean lookup, int steps, int[] lengths) {
        int batch = lengths.length;
        Model model = model(cell, bidirectional, 11);
        Parameters params = model.params;
        Embedding embedding = model.embedding;
        RecurrentStack stack = model.stack;
        Random rnd = new Random(23);
        int rows = steps * batch;
        int[] ids = randomIds(rnd, rows);
        int slots = 2 * stack.directions();
        boolean withCell = cell.hasCellState();
        RecurrentState initial = new RecurrentState(slots, batch, HIDDEN, withCell);
        RecurrentState dLast = new RecurrentState(slots, batch, HIDDEN, withCell);
        fill(rnd, initial.h());
        fill(rnd, dLast.h());
        if (withCell) {
            fill(rnd, initial.c());
            fill(rnd, dLast.c());
        }
        RecurrentState last = stack.newState(batch);
        RecurrentState dInitial = stack.newState(batch);
        float[] dOut = new float[rows * stack.outputSize()];
        fill(rnd, dOut);

        // two passes, so that the gradients must accumulate
        float[] out = null;
        float[] dx = null;
        for (int pass = 0; pass < 2; pass++) {
            out = (lookup ? stack.forward(embedding, ids, steps, batch, lengths, initial, last)
                    : stack.forward(embedding.forward(ids, rows), steps, batch, lengths, initial, last)).clone();
            dx = stack.backward(dOut, dLast, dInitial);
            if (!lookup) {
                embedding.backward(dx);
            }
        }
        return new Run(out, last.h().clone(), withCell ? last.c().clone() : new float[0], dInitial.h().clone(),
                params.grad().clone(), params, dx == null);
    }

    /** Embedding(V, E) → 2-layer stack, PyTorch's initialisation drawn from {@code seed}. */
    record Model(Parameters params, Embedding embedding, RecurrentStack stack) {
    }

    private static Model model(CellType cell, boolean bidirectional, long seed) {
        Parameters params = new Parameters();
        Embedding embedding = new Embedding(params, "embedding.", VOCAB, EMBED);
        RecurrentStack stack = new RecurrentStack(cell, params, "rnn.", EMBED, HIDDEN, 2, bidirectional, 0f, null);
        Rng rng = new Rng(seed);
        embedding.resetParameters(rng);
        stack.resetParameters(rng);
        return new Model(params, embedding, stack);
    }

    private static int[] randomIds(Random rnd, int n) {
        int[] ids = new int[n];
        for (int r = 0; r < n; r++) {
            ids[r] = rnd.nextInt(VOCAB);
        }
        return ids;
    }

    private static void fill(Random rnd, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
    }

    private static float[] slice(float[] all, Param p) {
        float[] s = new float[p.size()];
        System.arraycopy(all, p.offset(), s, 0, p.size());
        return s;
    }

    /** Norm-wise: ||a - b||₂ ≤ tol·||a||₂, and not all zero. */
    private static void assertClose(float[] a, float[] b, double tol, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            norm += (double) a[i] * a[i];
        }
        assertTrue(norm > 0, what + " is all zero");
        assertTrue(Math.sqrt(diff) <= tol * Math.sqrt(norm),
                what + ": relative difference " + Math.sqrt(diff / norm));
    }

    /** The vector backend when the JVM has the Vector API module (its kernels differ from JavaGemm's). */
    private static GemmBackend vectorOrJava(int threads) {
        GemmBackend vector = GemmBackends.vectorIfLoaded(threads);
        return vector != null ? vector : new JavaGemm(threads);
    }
}
