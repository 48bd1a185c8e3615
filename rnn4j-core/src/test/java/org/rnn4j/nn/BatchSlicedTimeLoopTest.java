package org.rnn4j.nn;

import org.junit.jupiter.api.AfterEach;
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

/**
 * The time loop of a recurrent layer run on batch slices in parallel (one per GEMM thread) computes exactly what
 * it computes on the whole batch on one thread: outputs, final state, input gradient, initial-state gradient,
 * every parameter gradient and the recorded state gradients, bit for bit, for every cell, a padded batch (one
 * sequence of length 0) and slices of one and two sequences; "whole" is the same backend on one thread. Bit-equality holds for the Java backends, where a
 * row of a product does not depend on how many rows are computed with it; the split is forced on by lowering
 * the size threshold that normally keeps small steps whole.
 */
class BatchSlicedTimeLoopTest {
    static final int IN = 6;
    static final int HIDDEN = 9;
    static final int STEPS = 7;
    static final int[] LENGTHS = {7, 3, 7, 0, 5};
    static final int BATCH = LENGTHS.length;

    private final GemmBackend saved = Gemm.backend();

    @AfterEach
    void restore() {
        Gemm.setBackend(saved);
        RecurrentLayer.setMinSplitWork(1L << 16);
    }

    /** Everything one forward and backward call produces, copied out of the layer's buffers. */
    record Run(float[] out, float[] h, float[] c, float[] dx, float[] dh0, float[] dc0, float[] grad,
               float[] stateGrads, float[] cellGrads) {
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void slicedLoopMatchesWholeBatchBitForBit(CellType cell) {
        for (GemmBackend threaded : new GemmBackend[] {new JavaGemm(3), new JavaGemm(2), vectorOrJava(4)}) {
            RecurrentLayer.setMinSplitWork(1L << 16);
            Gemm.setBackend(threaded.singleThreaded());
            Run whole = run(cell);
            RecurrentLayer.setMinSplitWork(0);
            Gemm.setBackend(threaded);
            Run sliced = run(cell);
            String what = cell + " with " + threaded.name() + ": ";
            assertArrayEquals(whole.out, sliced.out, what + "outputs");
            assertArrayEquals(whole.h, sliced.h, what + "final h");
            assertArrayEquals(whole.c, sliced.c, what + "final c");
            assertArrayEquals(whole.dx, sliced.dx, what + "dx");
            assertArrayEquals(whole.dh0, sliced.dh0, what + "dh_0");
            assertArrayEquals(whole.dc0, sliced.dc0, what + "dc_0");
            assertArrayEquals(whole.grad, sliced.grad, what + "parameter gradients");
            assertArrayEquals(whole.stateGrads, sliced.stateGrads, what + "recorded dL/dh_t");
            assertArrayEquals(whole.cellGrads, sliced.cellGrads, what + "recorded dL/dc_t");
        }
    }

    /**
     * With the build's default backend (OpenBLAS in rnn4j-openblas's run of these tests, whose kernels depend
     * on the number of rows, so bits may differ) on two threads, the sliced loop agrees with the whole-batch
     * loop to within float rounding.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void slicedLoopWithTheDefaultBackendAgreesToRounding(CellType cell) {
        GemmBackend one = saved.singleThreaded();
        Gemm.setBackend(one);
        Run whole = run(cell);
        RecurrentLayer.setMinSplitWork(0);
        Gemm.setBackend(saved.threads() > 1 ? saved : vectorOrJava(2));
        Run sliced = run(cell);
        float[][] expected = {whole.out, whole.h, whole.c, whole.dx, whole.dh0, whole.dc0, whole.grad,
                whole.stateGrads, whole.cellGrads};
        float[][] got = {sliced.out, sliced.h, sliced.c, sliced.dx, sliced.dh0, sliced.dc0, sliced.grad,
                sliced.stateGrads, sliced.cellGrads};
        for (int a = 0; a < expected.length; a++) {
            assertEquals(expected[a].length, got[a].length);
            for (int i = 0; i < expected[a].length; i++) {
                assertEquals(expected[a][i], got[a][i], 1e-5 * (1 + Math.abs(expected[a][i])),
                        cell + " " + one.name() + " array " + a + " index " + i);
            }
        }
    }

    /** The vector backend when the JVM has the Vector API module (its kernels differ from JavaGemm's). */
    private static GemmBackend vectorOrJava(int threads) {
        GemmBackend vector = GemmBackends.vectorIfLoaded(threads);
        return vector != null ? vector : new JavaGemm(threads);
    }

    private static Run run(CellType cell) {
        Parameters params = new Parameters();
        RecurrentLayer layer = RecurrentLayer.create(cell, params, "rnn.", 0, false, 0, IN, HIDDEN);
        layer.resetParameters(new Rng(5));
        Random rnd = new Random(17);
        float[] x = random(rnd, STEPS * BATCH * IN);
        float[] dOut = random(rnd, STEPS * BATCH * HIDDEN);
        boolean withCell = cell.hasCellState();
        RecurrentState initial = new RecurrentState(1, BATCH, HIDDEN, withCell);
        RecurrentState dLast = new RecurrentState(1, BATCH, HIDDEN, withCell);
        fill(rnd, initial);
        fill(rnd, dLast);
        RecurrentState last = new RecurrentState(1, BATCH, HIDDEN, withCell);
        RecurrentState dInitial = new RecurrentState(1, BATCH, HIDDEN, withCell);

        layer.setRecordStateGradients(true);
        float[] out = layer.forward(x, STEPS, BATCH, LENGTHS, initial, last).clone();
        float[] dx = layer.backward(dOut, dLast, dInitial).clone();
        return new Run(out, last.h().clone(), withCell ? last.c().clone() : new float[0], dx,
                dInitial.h().clone(), withCell ? dInitial.c().clone() : new float[0], params.grad().clone(),
                layer.stateGradients().clone(), withCell ? layer.cellGradients().clone() : new float[0]);
    }

    private static void fill(Random rnd, RecurrentState s) {
        System.arraycopy(random(rnd, s.h().length), 0, s.h(), 0, s.h().length);
        if (s.hasCell()) {
            System.arraycopy(random(rnd, s.c().length), 0, s.c(), 0, s.c().length);
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
