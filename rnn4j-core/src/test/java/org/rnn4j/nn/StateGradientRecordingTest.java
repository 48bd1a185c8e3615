package org.rnn4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;
import org.rnn4j.reference.RefRecurrentLayer;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.reference.Numerics.FD_STEP;
import static org.rnn4j.reference.Numerics.dot;
import static org.rnn4j.reference.Numerics.toTimeMajor;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * The state gradients a recurrent layer records in backward (what rnn4j gradflow reports): ∂L/∂h_t, and for the
 * LSTM ∂L/∂c_t (through h_t = o ⊙ tanh(c_t) and through c_{t+1}), at every step of a padded batch, against
 * centred finite differences of the double reference's loss with the state entry nudged during its forward
 * pass. Loss L = Σ y·R + Σ h_T·S (+ Σ c_T·U). Error metric: norm-wise per (step, sequence) vector, below 1e-4
 * (float engine against double differences). At padded steps the state is unchanged and its gradient is the
 * final state's, S.
 */
class StateGradientRecordingTest {
    static final int IN = 3;
    static final int HIDDEN = 4;
    static final int STEPS = 6;
    static final int[] LENGTHS = {6, 4, 1};
    static final int BATCH = LENGTHS.length;

    @ParameterizedTest
    @EnumSource(RefCell.class)
    void recordedStateGradientsMatchFiniteDifferences(RefCell cell) {
        Random rnd = new Random(31 + cell.ordinal());
        RefRecurrentLayer ref = new RefRecurrentLayer(cell, IN, HIDDEN, "_l0");
        ref.randomize(rnd, 0.7);
        Parameters params = new Parameters();
        RecurrentLayer fast = RecurrentLayer.create(Fixtures.fast(cell), params, "rnn.", 0, false, 0, IN, HIDDEN);
        Fixtures.copyParams(ref.params(), params, "rnn.");
        boolean lstm = cell.hasCell();

        double[][][] x = Numerics.roundToFloat(uniform(rnd, BATCH, STEPS, IN, 1.0));
        double[][][] r = Numerics.roundToFloat(uniform(rnd, BATCH, STEPS, HIDDEN, 1.0));
        double[][][] s = Numerics.roundToFloat(uniform(rnd, 1, BATCH, HIDDEN, 1.0));
        double[][][] u = lstm ? Numerics.roundToFloat(uniform(rnd, 1, BATCH, HIDDEN, 1.0)) : null;

        fast.setRecordStateGradients(true);
        fast.forward(toTimeMajor(x), STEPS, BATCH, LENGTHS, null, null);
        RecurrentState dLast = Fixtures.state(1, BATCH, HIDDEN, lstm, s, u);
        fast.backward(toTimeMajor(r), dLast, null);
        float[] dh = fast.stateGradients();
        float[] dc = lstm ? fast.cellGradients() : null;

        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                for (boolean cellState : lstm ? new boolean[] {false, true} : new boolean[] {false}) {
                    float[] recorded = cellState ? dc : dh;
                    double[] got = Numerics.toDouble(recorded, (t * BATCH + b) * HIDDEN, HIDDEN);
                    double[] expected = new double[HIDDEN];
                    if (t < LENGTHS[b]) {
                        for (int j = 0; j < HIDDEN; j++) {
                            expected[j] = finiteDifference(ref, x, r, s, u, t, b, j, cellState);
                        }
                        Numerics.assertClose("state gradient vs finite differences", cell + " "
                                + (cellState ? "dL/dc" : "dL/dh") + " step " + t + " sequence " + b, expected, got, 1e-4);
                    } else {
                        // a padded step keeps the final state, whose gradient is the given one
                        double[] carried = cellState ? u[0][b] : s[0][b];
                        Numerics.assertClose("state gradient at padded steps", cell + " step " + t + " sequence " + b,
                                carried, got, 1e-7);
                    }
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> {
            fast.setRecordStateGradients(false);
            fast.stateGradients();
        });
    }

    @ParameterizedTest
    @EnumSource(value = RefCell.class, names = {"RNN_TANH", "RNN_RELU", "GRU"})
    void cellsWithoutCellStateHaveNoCellGradient(RefCell cell) {
        Parameters params = new Parameters();
        RecurrentLayer fast = RecurrentLayer.create(Fixtures.fast(cell), params, "rnn.", 0, false, 0, IN, HIDDEN);
        fast.setRecordStateGradients(true);
        assertThrows(IllegalStateException.class, fast::cellGradients);
    }

    private static double finiteDifference(RefRecurrentLayer ref, double[][][] x, double[][][] r, double[][][] s,
                                           double[][][] u, int t, int b, int j, boolean cellState) {
        ref.perturbation = new RefRecurrentLayer.Perturbation(t, b, j, cellState, FD_STEP);
        double plus = loss(ref, x, r, s, u);
        ref.perturbation = new RefRecurrentLayer.Perturbation(t, b, j, cellState, -FD_STEP);
        double minus = loss(ref, x, r, s, u);
        ref.perturbation = null;
        return (plus - minus) / (2 * FD_STEP);
    }

    private static double loss(RefRecurrentLayer ref, double[][][] x, double[][][] r, double[][][] s, double[][][] u) {
        var out = ref.forward(x, LENGTHS, null, null);
        return dot(out.y(), r) + dot(out.hT(), s) + dot(out.cT(), u);
    }

    @org.junit.jupiter.api.Test
    void recordingIsOffByDefault() {
        Parameters params = new Parameters();
        RecurrentLayer fast = RecurrentLayer.create(CellType.LSTM, params, "rnn.", 0, false, 0, IN, HIDDEN);
        assertThrows(IllegalStateException.class, fast::stateGradients);
        assertEquals(CellType.LSTM, fast.cell());
    }
}
