package org.rnn4j.longlag;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.MeanSquaredError;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;
import org.rnn4j.reference.RefRecurrentLayer;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.reference.Numerics.FD_STEP;

/**
 * What {@code rnn4j gradflow} reports — mean over sequences b of ‖∂L_b/∂h_t‖ for a loss on the last step — on a
 * small adding-problem case (H = 5, T = 8, B = 3), checked two ways:
 * <ol>
 *   <li>against the engine's own backward pass, run differently: the sequence split at step k, the second part
 *   run from the first part's final state, and ∂L/∂h_k read as the gradient with respect to that initial state
 *   (per sequence, B = 1);</li>
 *   <li>against centred finite differences of the double reference's loss with h_k (and the LSTM's c_k) nudged.</li>
 * </ol>
 * Norm-wise relative error per step below 1e-4 (float against double).
 */
class GradientFlowProbeTest {
    static final int HIDDEN = 5;
    static final int STEPS = 8;
    static final int BATCH = 3;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void probeAgreesWithSplitBackwardAndFiniteDifferences(CellType cell) {
        AddingProblem task = new AddingProblem(STEPS, 1, 9);
        LongLagModel model = LongLagModel.forTask(task, cell, HIDDEN);
        model.initialize(new Rng(11 + cell.ordinal()), 1.0);
        // larger recurrent weights than the init's, so that the gradient neither vanishes nor is trivial
        float[] w = model.parameters().data();
        Param whh = model.recurrentLayer().weightHh();
        Rng noise = new Rng(3);
        for (int i = 0; i < whh.size(); i++) {
            w[whh.offset() + i] += (float) noise.uniform(-0.4, 0.4);
        }
        Batch batch = task.trainingBatch(BATCH, new Rng(4));
        GradientFlowProbe.Profile profile = GradientFlowProbe.measure(model, batch);
        assertEquals(0f, maxAbs(model.parameters().grad(), model.parameters().size()), "grads left zero");

        double[] splitH = new double[STEPS];
        double[] fdH = new double[STEPS];
        double[] fdC = new double[STEPS];
        for (int b = 0; b < BATCH; b++) {
            float[] x = sequence(batch, b);
            float target = batch.values()[b];
            for (int k = 1; k <= STEPS; k++) {
                double[] split = splitGradient(model, cell, x, target, k);
                splitH[k - 1] += norm(split) / BATCH;
                fdH[k - 1] += norm(finiteDifferences(model, cell, x, target, k, false)) / BATCH;
                if (cell == CellType.LSTM) {
                    fdC[k - 1] += norm(finiteDifferences(model, cell, x, target, k, true)) / BATCH;
                }
            }
        }
        Numerics.assertClose("gradflow", cell + " |dL/dh_t| vs split backward", splitH, profile.hNorms(), 1e-4);
        Numerics.assertClose("gradflow", cell + " |dL/dh_t| vs finite differences", fdH, profile.hNorms(), 1e-4);
        if (cell == CellType.LSTM) {
            Numerics.assertClose("gradflow", "lstm |dL/dc_t| vs finite differences", fdC, profile.cNorms(), 1e-4);
        }
    }

    @org.junit.jupiter.api.Test
    void refusesALossAtEveryStep() {
        CopyMemory copy = new CopyMemory(3, 1, 1);
        LongLagModel model = LongLagModel.forTask(copy, CellType.LSTM, 4);
        model.initialize(new Rng(1), 1.0);
        assertThrows(IllegalArgumentException.class,
                () -> GradientFlowProbe.measure(model, copy.trainingBatch(2, new Rng(2))));
    }

    /**
     * ∂L/∂h_k for one sequence alone: steps 1..k run first, steps k+1..T from their final state, and the gradient
     * read with respect to that initial state (at k = T, the head's gradient with respect to its input).
     */
    private static double[] splitGradient(LongLagModel model, CellType cell, float[] x, float target, int k) {
        Parameters p = new Parameters();
        RecurrentStack rnn = new RecurrentStack(cell, p, "rnn.", 2, HIDDEN, 1, false, 0f, null);
        Linear head = new Linear(p, "head.", HIDDEN, 1);
        p.copyFrom(model.parameters());
        MeanSquaredError mse = new MeanSquaredError();
        RecurrentState state = rnn.newState(1);
        float[] h = rnn.forward(x, k, 1, null, null, state);
        if (k == STEPS) {
            // h_T feeds the head directly
            float[] last = Arrays.copyOfRange(h, (STEPS - 1) * HIDDEN, STEPS * HIDDEN);
            mse.forward(head.forward(last, 1), 1, 1, new float[] {target});
            return Numerics.toDouble(head.backward(mse.gradient()), 0, HIDDEN);
        }
        float[] rest = Arrays.copyOfRange(x, k * 2, STEPS * 2);
        float[] out = rnn.forward(rest, STEPS - k, 1, null, state, null);
        float[] last = Arrays.copyOfRange(out, (STEPS - k - 1) * HIDDEN, (STEPS - k) * HIDDEN);
        mse.forward(head.forward(last, 1), 1, 1, new float[] {target});
        float[] dOut = new float[(STEPS - k) * HIDDEN];
        System.arraycopy(head.backward(mse.gradient()), 0, dOut, (STEPS - k - 1) * HIDDEN, HIDDEN);
        RecurrentState dInitial = rnn.newState(1);
        rnn.backward(dOut, null, dInitial);
        return Numerics.toDouble(dInitial.h(), 0, HIDDEN);
    }

    /** ∂L/∂h_k or ∂L/∂c_k by centred differences of the double reference, the head and the loss in double. */
    private static double[] finiteDifferences(LongLagModel model, CellType cell, float[] x, float target, int k,
                                              boolean cellState) {
        RefRecurrentLayer ref = new RefRecurrentLayer(RefCell.valueOf(cell.name()), 2, HIDDEN, "_l0");
        Parameters p = model.parameters();
        for (var e : ref.params().entrySet()) {
            Param param = p.get("rnn." + e.getKey());
            for (int i = 0; i < param.size(); i++) {
                e.getValue()[i] = p.data()[param.offset() + i];
            }
        }
        double[][][] xs = new double[1][STEPS][2];
        for (int t = 0; t < STEPS; t++) {
            xs[0][t][0] = x[t * 2];
            xs[0][t][1] = x[t * 2 + 1];
        }
        double[] g = new double[HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            ref.perturbation = new RefRecurrentLayer.Perturbation(k - 1, 0, j, cellState, FD_STEP);
            double plus = loss(ref, xs, p, target);
            ref.perturbation = new RefRecurrentLayer.Perturbation(k - 1, 0, j, cellState, -FD_STEP);
            double minus = loss(ref, xs, p, target);
            g[j] = (plus - minus) / (2 * FD_STEP);
        }
        return g;
    }

    private static double loss(RefRecurrentLayer ref, double[][][] xs, Parameters p, float target) {
        double[] hT = ref.forward(xs, null, null, null).hT()[0][0];
        Param w = p.get("head.weight");
        double y = p.data()[p.get("head.bias").offset()];
        for (int j = 0; j < HIDDEN; j++) {
            y += p.data()[w.offset() + j] * hT[j];
        }
        return (y - target) * (y - target);
    }

    private static float[] sequence(Batch batch, int b) {
        float[] x = new float[STEPS * 2];
        for (int t = 0; t < STEPS; t++) {
            x[t * 2] = batch.x()[(t * BATCH + b) * 2];
            x[t * 2 + 1] = batch.x()[(t * BATCH + b) * 2 + 1];
        }
        return x;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static float maxAbs(float[] a, int n) {
        float m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }
}
