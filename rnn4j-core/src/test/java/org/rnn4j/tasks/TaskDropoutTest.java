package org.rnn4j.tasks;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskDropoutTest {
    /** y = x·m/(1−p) with m ∈ {0, 1}; backward multiplies by the same mask; about p of the values dropped. */
    @Test
    void dropsAboutPAndScalesTheRestAndBackwardUsesTheSameMask() {
        int n = 20000;
        float p = 0.3f;
        float[] x = new float[n];
        float[] dy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + i % 7;
            dy[i] = 2 + i % 5;
        }
        Dropout d = new Dropout(p, new Rng(9));
        float[] y = d.forward(x, n, true).clone();
        float[] dx = d.backward(dy);
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] == 0f) {
                dropped++;
                assertEquals(0f, dx[i], 0f);
            } else {
                assertEquals(x[i] / (1 - p), y[i], 1e-5f);
                assertEquals(dy[i] / (1 - p), dx[i], 1e-5f);
            }
        }
        assertTrue(Math.abs(dropped / (double) n - p) < 0.02, "dropped fraction " + dropped / (double) n);
    }

    @Test
    void isTheIdentityWhenNotTraining() {
        Dropout d = new Dropout(0.5f, new Rng(1));
        float[] x = {1, 2, 3};
        assertSame(x, d.forward(x, 3, false));
        assertSame(x, d.backward(x));
    }
}
