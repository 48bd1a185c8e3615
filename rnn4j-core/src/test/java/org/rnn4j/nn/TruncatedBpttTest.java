package org.rnn4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.math.Rng;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;

import java.util.Arrays;
import java.util.Random;

import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * Truncated BPTT and step-by-step inference with the fast code: a long sequence (T = 40, two sequences side
 * by side, 2 layers) run in chunks of 7 (the last one 5) with each chunk's final state carried as the next
 * chunk's initial state gives the same outputs and final state as the whole sequence in one call; so do T = 1
 * calls. Metric: norm-wise relative error per tensor below 1e-6.
 *
 * <p>Also the gradients: backpropagating chunk by chunk, last chunk first, with each chunk's dInitial passed as
 * the previous chunk's dLast (re-running each chunk's forward before its backward) gives the full BPTT
 * gradients — parameters, dx and dh0/dc0 — of the one-call run (norm-wise, below 1e-5: float sums in another
 * order).
 */
class TruncatedBpttTest {
    static final int IN = 3;
    static final int HIDDEN = 5;
    static final int LAYERS = 2;
    static final int STEPS = 40;
    static final int BATCH = 2;
    static final int CHUNK = 7;

    private static RecurrentStack stack(RefCell cell, Parameters params) {
        RecurrentStack s = new RecurrentStack(Fixtures.fast(cell), params, "rnn.", IN, HIDDEN, LAYERS, false, 0f,
                null);
        s.resetParameters(new Rng(11));
        return s;
    }

    private static double[] d(float[] a, int from, int n) {
        return Numerics.toDouble(a, from, n);
    }

    @ParameterizedTest
    @EnumSource(RefCell.class)
    void chunkedAndStepwiseForwardMatchWholeSequence(RefCell cell) {
        Random rnd = new Random(70 + cell.ordinal());
        Parameters params = new Parameters();
        RecurrentStack stack = stack(cell, params);
        boolean lstm = cell.hasCell();
        int slots = LAYERS;
        float[] x = Numerics.toFloat(uniform(rnd, STEPS * BATCH * IN, 1.0));
        RecurrentState h0 = Fixtures.state(slots, BATCH, HIDDEN, lstm, uniform(rnd, slots, BATCH, HIDDEN, 0.5),
                lstm ? uniform(rnd, slots, BATCH, HIDDEN, 0.5) : null);

        RecurrentState whole = stack.newState(BATCH);
        float[] yWhole = stack.forward(x, STEPS, BATCH, null, h0, whole).clone();

        String category = "c.truncated-bptt/" + cell;
        int row = BATCH * IN;
        int outRow = BATCH * HIDDEN;
        for (int chunk : new int[] {CHUNK, 1}) {
            RecurrentState state = h0.copy();
            RecurrentState next = stack.newState(BATCH);
            for (int start = 0; start < STEPS; start += chunk) {
                int len = Math.min(chunk, STEPS - start);
                float[] xs = Arrays.copyOfRange(x, start * row, (start + len) * row);
                float[] y = stack.forward(xs, len, BATCH, null, state, next);
                assertClose(category, "output chunk " + chunk + " at " + start,
                        d(yWhole, start * outRow, len * outRow), d(y, 0, len * outRow), 1e-6);
                state.copyFrom(next);
            }
            assertClose(category, "h_T, chunks of " + chunk, Fixtures.h(whole), Fixtures.h(state), 1e-6);
            if (lstm) {
                assertClose(category, "c_T, chunks of " + chunk, Fixtures.c(whole), Fixtures.c(state), 1e-6);
            }
        }

        // the same state object as initial and last: carried in place
        RecurrentState carried = h0.copy();
        for (int start = 0; start < STEPS; start += CHUNK) {
            int len = Math.min(CHUNK, STEPS - start);
            float[] y = stack.forward(Arrays.copyOfRange(x, start * row, (start + len) * row), len, BATCH, null,
                    carried, carried);
            assertClose(category, "output in place at " + start, d(yWhole, start * outRow, len * outRow),
                    d(y, 0, len * outRow), 1e-6);
        }
        assertClose(category, "h_T in place", Fixtures.h(whole), Fixtures.h(carried), 1e-6);
    }

    @ParameterizedTest
    @EnumSource(RefCell.class)
    void chunkedBackwardMatchesFullBptt(RefCell cell) {
        Random rnd = new Random(80 + cell.ordinal());
        Parameters params = new Parameters();
        RecurrentStack stack = stack(cell, params);
        boolean lstm = cell.hasCell();
        int slots = LAYERS;
        float[] x = Numerics.toFloat(uniform(rnd, STEPS * BATCH * IN, 1.0));
        float[] dy = Numerics.toFloat(uniform(rnd, STEPS * BATCH * HIDDEN, 1.0));
        RecurrentState h0 = Fixtures.state(slots, BATCH, HIDDEN, lstm, uniform(rnd, slots, BATCH, HIDDEN, 0.5),
                lstm ? uniform(rnd, slots, BATCH, HIDDEN, 0.5) : null);
        RecurrentState dLast = Fixtures.state(slots, BATCH, HIDDEN, lstm, uniform(rnd, slots, BATCH, HIDDEN, 1.0),
                lstm ? uniform(rnd, slots, BATCH, HIDDEN, 1.0) : null);

        stack.forward(x, STEPS, BATCH, null, h0, null);
        params.zeroGrad();
        RecurrentState dInitWhole = stack.newState(BATCH);
        float[] dxWhole = stack.backward(dy, dLast, dInitWhole).clone();
        float[] gradWhole = Arrays.copyOf(params.grad(), params.size());

        int chunks = (STEPS + CHUNK - 1) / CHUNK;
        RecurrentState[] starts = new RecurrentState[chunks];
        RecurrentState state = h0.copy();
        for (int k = 0; k < chunks; k++) {
            starts[k] = state.copy();
            int start = k * CHUNK;
            int len = Math.min(CHUNK, STEPS - start);
            stack.forward(Arrays.copyOfRange(x, start * BATCH * IN, (start + len) * BATCH * IN), len, BATCH, null,
                    starts[k], state);
        }
        params.zeroGrad();
        RecurrentState carry = dLast.copy();
        float[] dx = new float[dxWhole.length];
        for (int k = chunks - 1; k >= 0; k--) {
            int start = k * CHUNK;
            int len = Math.min(CHUNK, STEPS - start);
            float[] xs = Arrays.copyOfRange(x, start * BATCH * IN, (start + len) * BATCH * IN);
            stack.forward(xs, len, BATCH, null, starts[k], null);
            RecurrentState dInit = stack.newState(BATCH);
            float[] dxs = stack.backward(Arrays.copyOfRange(dy, start * BATCH * HIDDEN, (start + len) * BATCH * HIDDEN),
                    carry, dInit);
            System.arraycopy(dxs, 0, dx, start * BATCH * IN, len * BATCH * IN);
            carry = dInit;
        }
        String category = "c.truncated-bptt-gradient/" + cell;
        assertClose(category, "parameters", d(gradWhole, 0, gradWhole.length), d(params.grad(), 0, params.size()),
                1e-5);
        assertClose(category, "dx", d(dxWhole, 0, dxWhole.length), d(dx, 0, dx.length), 1e-5);
        assertClose(category, "dh0", Fixtures.h(dInitWhole), Fixtures.h(carry), 1e-5);
        if (lstm) {
            assertClose(category, "dc0", Fixtures.c(dInitWhole), Fixtures.c(carry), 1e-5);
        }
    }
}
