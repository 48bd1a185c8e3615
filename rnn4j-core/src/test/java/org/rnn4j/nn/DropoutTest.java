package org.rnn4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.math.Rng;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * Dropout between the layers of the fast {@link RecurrentStack}, checked without knowing how it draws its
 * masks (the exact comparison against the reference with reproduced masks is in {@link FastVsReferenceTest}).
 *
 * <p>Gradient check: with training on and p = 0.4, the directional derivative g·v of the stack's loss
 * L = Σ y·R + Σ h_T·S (+ Σ c_T·U) along random directions v (all parameters; the input x; h0 and c0) is compared
 * with the centred difference (L(θ + εv) - L(θ - εv)) / 2ε of the fast forward in float, restoring the dropout
 * Rng with {@link Rng#setState} before every evaluation so all of them use the same mask. Metric:
 * |fd - g·v| / (|fd| + |g·v|) &lt; 1e-2 (with θ ± εv rounded to float, and g·v taken over the rounded
 * step). Justification: with ε = 1e-2 the truncation error is O(ε²) ≈ 1e-4
 * relative and float rounding of L (≈ 1e-7·|L|, |L| = O(10)) divided by 2ε contributes ≈ 1e-4; 1e-2 leaves a
 * wide margin while any wrong or missing mask factor in backward (an error of order 1) still fails. ReLU is left
 * out here because ε-perturbations cross its kink; its dropout path is in FastVsReferenceTest.
 */
class DropoutTest {
    static final int IN = 3;
    static final int HIDDEN = 4;
    static final int STEPS = 6;
    static final int[] LENGTHS = {6, 4, 1};
    static final int BATCH = LENGTHS.length;
    static final float P = 0.4f;

    private static RecurrentStack stack(RefCell cell, Parameters params, int layers, float p, Rng rng) {
        RecurrentStack s = new RecurrentStack(Fixtures.fast(cell), params, "rnn.", IN, HIDDEN, layers, true, p, rng);
        s.resetParameters(new Rng(5));
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = RefCell.class, names = {"RNN_TANH", "LSTM", "GRU"})
    void gradientMatchesFloatFiniteDifferencesWithRestoredRng(RefCell cell) {
        Random rnd = new Random(40 + cell.ordinal());
        Parameters params = new Parameters();
        Rng rng = new Rng(123);
        RecurrentStack stack = stack(cell, params, 2, P, rng);
        stack.setTraining(true);
        boolean lstm = cell.hasCell();
        int slots = 2 * 2;
        int width = stack.outputSize();
        float[] x = Numerics.toFloat(uniform(rnd, STEPS * BATCH * IN, 1.0));
        RecurrentState init = Fixtures.state(slots, BATCH, HIDDEN, lstm, uniform(rnd, slots, BATCH, HIDDEN, 0.8),
                lstm ? uniform(rnd, slots, BATCH, HIDDEN, 0.8) : null);
        float[] r = Numerics.toFloat(uniform(rnd, STEPS * BATCH * width, 1.0));
        RecurrentState dLast = Fixtures.state(slots, BATCH, HIDDEN, lstm, uniform(rnd, slots, BATCH, HIDDEN, 1.0),
                lstm ? uniform(rnd, slots, BATCH, HIDDEN, 1.0) : null);
        long[] rngState = rng.state();

        RecurrentState last = stack.newState(BATCH);
        java.util.function.DoubleSupplier loss = () -> {
            rng.setState(rngState);
            float[] y = stack.forward(x, STEPS, BATCH, LENGTHS, init, last);
            double l = 0;
            for (int i = 0; i < r.length; i++) {
                l += (double) y[i] * r[i];
            }
            for (int i = 0; i < last.h().length; i++) {
                l += (double) last.h()[i] * dLast.h()[i];
                if (lstm) {
                    l += (double) last.c()[i] * dLast.c()[i];
                }
            }
            return l;
        };
        loss.getAsDouble();
        params.zeroGrad();
        RecurrentState dInit = stack.newState(BATCH);
        float[] dx = stack.backward(r, dLast, dInit).clone();
        float[] paramGrad = java.util.Arrays.copyOf(params.grad(), params.size());

        String category = "b.dropout-vs-float-fd/" + cell;
        for (int trial = 0; trial < 3; trial++) {
            checkDirection(category, "parameters", loss, params.data(), params.size(), paramGrad, rnd);
            checkDirection(category, "x", loss, x, x.length, dx, rnd);
            checkDirection(category, "h0", loss, init.h(), init.h().length, dInit.h(), rnd);
            if (lstm) {
                checkDirection(category, "c0", loss, init.c(), init.c().length, dInit.c(), rnd);
            }
        }
    }

    private static void checkDirection(String category, String what, java.util.function.DoubleSupplier loss,
                                       float[] values, int n, float[] grad, Random rnd) {
        double eps = 1e-2;
        float[] saved = java.util.Arrays.copyOf(values, n);
        double[] v = uniform(rnd, n, 1.0);
        // L(θ + εv) - L(θ - εv) against g·(θ₊ - θ₋), with θ± the float-rounded points actually evaluated
        double analytic = 0;
        for (int i = 0; i < n; i++) {
            float up = (float) (saved[i] + eps * v[i]);
            float down = (float) (saved[i] - eps * v[i]);
            analytic += grad[i] * ((double) up - down);
        }
        for (int i = 0; i < n; i++) {
            values[i] = (float) (saved[i] + eps * v[i]);
        }
        double plus = loss.getAsDouble();
        for (int i = 0; i < n; i++) {
            values[i] = (float) (saved[i] - eps * v[i]);
        }
        double minus = loss.getAsDouble();
        System.arraycopy(saved, 0, values, 0, n);
        double fd = plus - minus;
        Numerics.assertClose(category, what, fd, analytic, 1e-2);
    }

    @ParameterizedTest
    @EnumSource(RefCell.class)
    void dropoutOnlyWhileTrainingAndOnlyBetweenLayers(RefCell cell) {
        Random rnd = new Random(60 + cell.ordinal());
        float[] x = Numerics.toFloat(uniform(rnd, STEPS * BATCH * IN, 1.0));

        Parameters plainParams = new Parameters();
        RecurrentStack plain = stack(cell, plainParams, 2, 0f, null);
        float[] expected = plain.forward(x, STEPS, BATCH, LENGTHS, null, null).clone();

        Parameters params = new Parameters();
        Rng rng = new Rng(9);
        RecurrentStack stack = stack(cell, params, 2, P, rng);
        // evaluation mode: no dropout, and no random numbers drawn
        long[] before = rng.state();
        stack.setTraining(false);
        assertArrayEquals(expected, stack.forward(x, STEPS, BATCH, LENGTHS, null, null));
        assertArrayEquals(before, rng.state());

        // training: a different output, reproducible from the same Rng state, padded steps still zero
        stack.setTraining(true);
        float[] y1 = stack.forward(x, STEPS, BATCH, LENGTHS, null, null).clone();
        assertFalse(java.util.Arrays.equals(expected, y1));
        rng.setState(before);
        assertArrayEquals(y1, stack.forward(x, STEPS, BATCH, LENGTHS, null, null));
        int width = stack.outputSize();
        for (int b = 0; b < BATCH; b++) {
            for (int t = LENGTHS[b]; t < STEPS; t++) {
                for (int k = 0; k < width; k++) {
                    assertEquals(0f, y1[(t * BATCH + b) * width + k]);
                }
            }
        }

        // a single layer has no layer boundary: training changes nothing
        Parameters oneParams = new Parameters();
        RecurrentStack one = stack(cell, oneParams, 1, P, new Rng(3));
        Parameters onePlainParams = new Parameters();
        RecurrentStack onePlain = stack(cell, onePlainParams, 1, 0f, null);
        one.setTraining(true);
        assertArrayEquals(onePlain.forward(x, STEPS, BATCH, LENGTHS, null, null),
                one.forward(x, STEPS, BATCH, LENGTHS, null, null));
    }
}
