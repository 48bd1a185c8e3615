package org.rnn4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.math.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A padded batch of variable-length sequences computes what each sequence computes alone (B = 1, T = its
 * length): the same outputs, final states, input and initial-state gradients, and parameter gradients equal to
 * the sum over the sequences. Padded steps carry garbage input and output gradient, which must not leak in; a
 * sequence of length 0 keeps its initial state and passes the final-state gradient straight through.
 */
class PaddedBatchMatchesSingleSequencesTest {
    private static final int INPUT = 3;
    private static final int HIDDEN = 4;
    private static final int STEPS = 5;
    private static final int[] LENGTHS = {5, 2, 0, 4, 1};
    /** Both sides are float32; only the order of the sums over the batch differs. */
    private static final double TOLERANCE = 1e-5;

    static List<Arguments> configs() {
        List<Arguments> configs = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                configs.add(Arguments.of(cell, layers, false));
                configs.add(Arguments.of(cell, layers, true));
            }
        }
        return configs;
    }

    @ParameterizedTest(name = "{0}, {1} layers, bidirectional {2}")
    @MethodSource("configs")
    void paddedBatchEqualsEachSequenceAlone(CellType cell, int layers, boolean bidirectional) {
        int batch = LENGTHS.length;
        int directions = bidirectional ? 2 : 1;
        int outSize = directions * HIDDEN;
        Rng rng = new Rng(1234L + 100L * cell.ordinal() + 10L * layers + directions);
        Parameters params = new Parameters();
        RecurrentStack stack = new RecurrentStack(cell, params, "rnn.", INPUT, HIDDEN, layers, bidirectional, 0f,
                null);
        stack.resetParameters(rng);

        float[] x = random(rng, STEPS * batch * INPUT);
        float[] dOut = random(rng, STEPS * batch * outSize);
        RecurrentState initial = randomState(rng, stack, batch);
        RecurrentState dLast = randomState(rng, stack, batch);

        // The padded batch.
        RecurrentState last = stack.newState(batch);
        float[] out = stack.forward(x, STEPS, batch, LENGTHS, initial, last).clone();
        params.zeroGrad();
        RecurrentState dInitial = stack.newState(batch);
        float[] dx = stack.backward(dOut, dLast, dInitial).clone();
        float[] batchGrad = Arrays.copyOf(params.grad(), params.size());

        // Each sequence alone; the expected arrays start as what a padded step or an empty sequence gives.
        float[] aloneOut = new float[out.length];
        float[] aloneDx = new float[dx.length];
        RecurrentState aloneLast = initial.copy();
        RecurrentState aloneDInitial = dLast.copy();
        params.zeroGrad();
        for (int b = 0; b < batch; b++) {
            int len = LENGTHS[b];
            if (len == 0) {
                continue;
            }
            RecurrentState init = slice(initial, b);
            RecurrentState lastB = stack.newState(1);
            float[] outB = stack.forward(column(x, b, batch, len, INPUT), len, 1, null, init, lastB);
            putColumn(outB, aloneOut, b, batch, len, outSize);
            putSlice(lastB, aloneLast, b);
            RecurrentState dInitB = stack.newState(1);
            float[] dxB = stack.backward(column(dOut, b, batch, len, outSize), slice(dLast, b), dInitB);
            putColumn(dxB, aloneDx, b, batch, len, INPUT);
            putSlice(dInitB, aloneDInitial, b);
        }
        float[] aloneGrad = Arrays.copyOf(params.grad(), params.size());

        for (int b = 0; b < batch; b++) {
            for (int t = LENGTHS[b]; t < STEPS; t++) {
                for (int j = 0; j < outSize; j++) {
                    assertEquals(0f, out[(t * batch + b) * outSize + j], "padded output");
                }
                for (int j = 0; j < INPUT; j++) {
                    assertEquals(0f, dx[(t * batch + b) * INPUT + j], "gradient of a padded input");
                }
            }
        }
        assertClose("out", out, aloneOut);
        assertClose("h_n", last.h(), aloneLast.h());
        assertClose("dx", dx, aloneDx);
        assertClose("dh0", dInitial.h(), aloneDInitial.h());
        if (cell.hasCellState()) {
            assertClose("c_n", last.c(), aloneLast.c());
            assertClose("dc0", dInitial.c(), aloneDInitial.c());
        }
        for (Param p : params.list()) {
            assertClose("gradient of " + p.name(), Arrays.copyOfRange(batchGrad, p.offset(), p.offset() + p.size()),
                    Arrays.copyOfRange(aloneGrad, p.offset(), p.offset() + p.size()));
        }
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        double err = PyTorchFixtures.relativeError(actual, e);
        assertTrue(err < TOLERANCE, what + ": relative error " + err);
    }

    private static float[] random(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.uniform(-1.5, 1.5);
        }
        return a;
    }

    private static RecurrentState randomState(Rng rng, RecurrentStack stack, int batch) {
        RecurrentState s = stack.newState(batch);
        float[] h = random(rng, s.h().length);
        System.arraycopy(h, 0, s.h(), 0, h.length);
        if (s.hasCell()) {
            float[] c = random(rng, s.c().length);
            System.arraycopy(c, 0, s.c(), 0, c.length);
        }
        return s;
    }

    /** Rows t < len of sequence b of a (T, B, F) array, as (len, 1, F). */
    private static float[] column(float[] a, int b, int batch, int len, int features) {
        float[] out = new float[len * features];
        for (int t = 0; t < len; t++) {
            System.arraycopy(a, (t * batch + b) * features, out, t * features, features);
        }
        return out;
    }

    private static void putColumn(float[] src, float[] dst, int b, int batch, int len, int features) {
        for (int t = 0; t < len; t++) {
            System.arraycopy(src, t * features, dst, (t * batch + b) * features, features);
        }
    }

    /** Sequence b of a state, as a state of batch 1. */
    private static RecurrentState slice(RecurrentState s, int b) {
        RecurrentState one = new RecurrentState(s.slots(), 1, s.hidden(), s.hasCell());
        int h = s.hidden();
        for (int k = 0; k < s.slots(); k++) {
            System.arraycopy(s.h(), s.offset(k) + b * h, one.h(), one.offset(k), h);
            if (s.hasCell()) {
                System.arraycopy(s.c(), s.offset(k) + b * h, one.c(), one.offset(k), h);
            }
        }
        return one;
    }

    private static void putSlice(RecurrentState one, RecurrentState s, int b) {
        int h = s.hidden();
        for (int k = 0; k < s.slots(); k++) {
            System.arraycopy(one.h(), one.offset(k), s.h(), s.offset(k) + b * h, h);
            if (s.hasCell()) {
                System.arraycopy(one.c(), one.offset(k), s.c(), s.offset(k) + b * h, h);
            }
        }
    }
}
