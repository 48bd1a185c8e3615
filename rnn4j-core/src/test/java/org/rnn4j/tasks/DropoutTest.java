package org.rnn4j.tasks;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inverted dropout: each value kept and scaled by 1/(1−p) or zeroed; backward applies the same mask. */
class DropoutTest {
    @Test
    void keepsScalesOrZeroesAndBackwardUsesTheSameMask() {
        float p = 0.4f;
        Dropout dropout = new Dropout(p, new Rng(3));
        dropout.setTraining(true);
        int n = 10_000;
        float[] x = new float[n];
        float[] dy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1f + i % 7;
            dy[i] = 2f - i % 5;
        }
        float[] y = dropout.forward(x, n).clone();
        float[] dx = dropout.backward(dy);
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            float m = y[i] / x[i];
            if (m == 0f) {
                zeros++;
            } else {
                assertEquals(1f / (1f - p), m, 1e-6f);
            }
            // ∂y_i/∂x_i is the mask itself
            assertEquals(m * dy[i], dx[i], 1e-5f);
        }
        assertTrue(Math.abs(zeros / (double) n - p) < 0.03, "share dropped " + zeros / (double) n);
    }

    @Test
    void isTheIdentityWhenNotTraining() {
        Dropout dropout = new Dropout(0.5f, new Rng(3));
        float[] x = {1f, 2f, 3f};
        assertSame(x, dropout.forward(x, 3));
        float[] dy = {4f, 5f, 6f};
        assertArrayEquals(dy, dropout.backward(dy));
    }
}
