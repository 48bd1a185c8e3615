package org.rnn4j.nn;

import org.junit.jupiter.api.Test;
import org.rnn4j.reference.Numerics;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The MSE loss against its formula in double and against centred finite differences of that formula. */
class MeanSquaredErrorTest {
    @Test
    void lossAndGradientMatchTheFormula() {
        Random rnd = new Random(5);
        int rows = 4;
        int cols = 3;
        double[] y = Numerics.roundToFloat(Numerics.uniform(rnd, rows * cols, 2.0));
        double[] target = Numerics.roundToFloat(Numerics.uniform(rnd, rows * cols, 2.0));
        MeanSquaredError mse = new MeanSquaredError();
        double loss = mse.forward(Numerics.toFloat(y), rows, cols, Numerics.toFloat(target));
        Numerics.assertClose("mse", "loss", formula(y, target), loss, 1e-6);
        double[] fd = Numerics.finiteDifferences(() -> formula(y, target), y, Numerics.FD_STEP);
        Numerics.assertClose("mse", "gradient vs finite differences", fd,
                Numerics.toDouble(mse.gradient(), 0, rows * cols), 1e-6);
    }

    @Test
    void perfectPredictionHasZeroLossAndGradient() {
        MeanSquaredError mse = new MeanSquaredError();
        assertEquals(0.0, mse.forward(new float[] {0.5f, 1.5f}, 2, 1, new float[] {0.5f, 1.5f}));
        assertEquals(0f, mse.gradient()[0]);
        assertThrows(IllegalArgumentException.class, () -> mse.forward(new float[1], 2, 1, new float[2]));
    }

    private static double formula(double[] y, double[] target) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (y[i] - target[i]) * (y[i] - target[i]);
        }
        return s / y.length;
    }
}
