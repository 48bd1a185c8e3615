package org.rnn4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.math.Rng;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * A padded batch computes what each sequence computes alone (fast code): outputs, final states, dx, dh0, dc0
 * of each sequence, and the parameter gradient of the batch equals the sum of the sequences' gradients. The
 * same stack object runs the batch and then each sequence (batch 1, T = its own length), so buffer reuse across
 * shapes is exercised too. A sequence of length 0 is run alone as T = 1 with length 0. Metric: norm-wise
 * relative error per tensor, below 1e-6 for forward values and 1e-5 for gradients (the batch sums the
 * sequences' contributions in another order, in float).
 */
class PaddingTest {
    static final int IN = 3;
    static final int HIDDEN = 4;
    static final int STEPS = 7;
    static final int[] LENGTHS = {3, 7, 0, 5, 1};
    static final int BATCH = LENGTHS.length;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            list.add(Arguments.of(cell, 1, false));
            list.add(Arguments.of(cell, 2, true));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @MethodSource("configs")
    void paddedBatchEqualsEachSequenceAlone(RefCell cell, int layers, boolean bidirectional) {
        Random rnd = new Random(90 + cell.ordinal() * 2 + layers);
        Parameters params = new Parameters();
        RecurrentStack stack = new RecurrentStack(Fixtures.fast(cell), params, "rnn.", IN, HIDDEN, layers,
                bidirectional, 0f, null);
        stack.resetParameters(new Rng(13));
        boolean lstm = cell.hasCell();
        int slots = layers * stack.directions();
        int width = stack.outputSize();
        double[][][] x = uniform(rnd, BATCH, STEPS, IN, 1.0);
        double[][][] dy = uniform(rnd, BATCH, STEPS, width, 1.0);
        double[][][] h0 = uniform(rnd, slots, BATCH, HIDDEN, 0.5);
        double[][][] c0 = lstm ? uniform(rnd, slots, BATCH, HIDDEN, 0.5) : null;
        double[][][] s = uniform(rnd, slots, BATCH, HIDDEN, 1.0);
        double[][][] u = lstm ? uniform(rnd, slots, BATCH, HIDDEN, 1.0) : null;

        RecurrentState last = stack.newState(BATCH);
        float[] y = stack.forward(Numerics.toTimeMajor(x), STEPS, BATCH, LENGTHS,
                Fixtures.state(slots, BATCH, HIDDEN, lstm, h0, c0), last);
        double[][][] yBatch = Numerics.fromTimeMajor(y, STEPS, BATCH, width);
        params.zeroGrad();
        RecurrentState dInit = stack.newState(BATCH);
        double[][][] dxBatch = Numerics.fromTimeMajor(
                stack.backward(Numerics.toTimeMajor(dy), Fixtures.state(slots, BATCH, HIDDEN, lstm, s, u), dInit),
                STEPS, BATCH, IN);
        float[] gradBatch = Arrays.copyOf(params.grad(), params.size());
        double[][][] hBatch = Numerics.fromFlat(last.h(), slots, BATCH, HIDDEN);
        double[][][] cBatch = lstm ? Numerics.fromFlat(last.c(), slots, BATCH, HIDDEN) : null;
        double[][][] dhBatch = Numerics.fromFlat(dInit.h(), slots, BATCH, HIDDEN);
        double[][][] dcBatch = lstm ? Numerics.fromFlat(dInit.c(), slots, BATCH, HIDDEN) : null;

        String category = "d.padding/" + cell;
        params.zeroGrad();
        for (int b = 0; b < BATCH; b++) {
            int len = LENGTHS[b];
            int steps = Math.max(len, 1);
            int[] lengths = len == 0 ? new int[] {0} : null;
            double[][][] xb = {Arrays.copyOf(x[b], steps)};
            double[][][] dyb = {Arrays.copyOf(dy[b], steps)};
            RecurrentState lastB = stack.newState(1);
            double[][][] yb = Numerics.fromTimeMajor(stack.forward(Numerics.toTimeMajor(xb), steps, 1, lengths,
                    Fixtures.state(slots, 1, HIDDEN, lstm, column(h0, b), column(c0, b)), lastB), steps, 1, width);
            RecurrentState dInitB = stack.newState(1);
            double[][][] dxb = Numerics.fromTimeMajor(stack.backward(Numerics.toTimeMajor(dyb),
                    Fixtures.state(slots, 1, HIDDEN, lstm, column(s, b), column(u, b)), dInitB), steps, 1, IN);

            String seq = "sequence " + b + " (length " + len + ")";
            assertClose(category, "output " + seq, flat(yBatch[b], steps), flat(yb[0], steps), 1e-6);
            for (int t = len; t < STEPS; t++) {
                assertArrayEquals(new double[width], yBatch[b][t], "padded output " + seq);
                assertArrayEquals(new double[IN], dxBatch[b][t], "padded dx " + seq);
            }
            assertClose(category, "h_T " + seq, Numerics.flatten(column(hBatch, b)), Fixtures.h(lastB), 1e-6);
            assertClose(category, "dx " + seq, flat(dxBatch[b], steps), flat(dxb[0], steps), 1e-5);
            assertClose(category, "dh0 " + seq, Numerics.flatten(column(dhBatch, b)), Fixtures.h(dInitB), 1e-5);
            if (lstm) {
                assertClose(category, "c_T " + seq, Numerics.flatten(column(cBatch, b)), Fixtures.c(lastB), 1e-6);
                assertClose(category, "dc0 " + seq, Numerics.flatten(column(dcBatch, b)), Fixtures.c(dInitB),
                        1e-5);
            }
        }
        // params.grad() now holds the sum over the sequences run alone
        assertClose(category, "parameter gradients", Numerics.toDouble(gradBatch, 0, gradBatch.length),
                Numerics.toDouble(params.grad(), 0, params.size()), 1e-5);
    }

    /** State s[slot][b] of one sequence as a batch of one, [slot][1][H]. */
    private static double[][][] column(double[][][] s, int b) {
        if (s == null) {
            return null;
        }
        double[][][] out = new double[s.length][1][];
        for (int k = 0; k < s.length; k++) {
            out[k][0] = s[k][b];
        }
        return out;
    }

    private static double[] flat(double[][] rows, int steps) {
        return Numerics.concat(Arrays.asList(rows).subList(0, steps));
    }
}
