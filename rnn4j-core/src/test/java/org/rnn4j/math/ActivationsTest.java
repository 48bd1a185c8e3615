package org.rnn4j.math;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast float activations against the double-precision library functions on a dense grid. */
class ActivationsTest {
    @Test
    void expIsAccurateOverTheNormalRange() {
        double worst = 0;
        for (float x = -87f; x <= 88.7f; x += 0.000731f) {
            double want = Math.exp(x);
            worst = Math.max(worst, Math.abs(Activations.exp(x) - want) / want);
        }
        assertTrue(worst < 5e-7, "max relative error " + worst);
    }

    @Test
    void sigmoidAndTanhAreAccurate() {
        double worstSigmoid = 0;
        double worstTanh = 0;
        for (float x = -30f; x <= 30f; x += 0.0001237f) {
            double s = 1 / (1 + Math.exp(-x));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(Activations.sigmoid(x) - s) / s);
            double t = Math.tanh(x);
            worstTanh = Math.max(worstTanh, Math.abs(Activations.tanh(x) - t) / Math.abs(t));
        }
        assertTrue(worstSigmoid < 1e-6, "sigmoid max relative error " + worstSigmoid);
        assertTrue(worstTanh < 1e-6, "tanh max relative error " + worstTanh);
    }

    @Test
    void limitsAndSpecialValues() {
        assertEquals(0f, Activations.exp(-1000f));
        assertEquals(Float.POSITIVE_INFINITY, Activations.exp(1000f));
        assertTrue(Float.isNaN(Activations.exp(Float.NaN)));
        assertEquals(1f, Activations.exp(0f));
        assertEquals(0f, Activations.sigmoid(-1000f));
        assertEquals(1f, Activations.sigmoid(1000f));
        assertEquals(0.5f, Activations.sigmoid(0f));
        assertEquals(1f, Activations.tanh(50f));
        assertEquals(-1f, Activations.tanh(-50f));
        assertEquals(0f, Activations.tanh(0f));
        assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
        assertTrue(Float.isNaN(Activations.sigmoid(Float.NaN)));
    }
}
