package org.rnn4j.tasks;

import org.rnn4j.math.Rng;

/**
 * Inverted dropout on a flat array while training: y = x ⊙ m / (1 − p), m ~ Bernoulli(1 − p) per element;
 * backward dx = dy ⊙ m / (1 − p). When not training, or p = 0, forward returns x itself and backward dy itself.
 * (The same operation {@link org.rnn4j.nn.RecurrentStack} applies between its layers, here for the input and
 * output of a whole stack.)
 */
public final class Dropout {
    private final float p;
    private final Rng rng;
    private boolean active;
    private float[] mask = new float[0];
    private float[] y = new float[0];
    private float[] dx = new float[0];
    private int n;

    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1)");
        }
        if (p > 0f && rng == null) {
            throw new IllegalArgumentException("dropout needs a random number generator");
        }
        this.p = p;
        this.rng = rng;
    }

    public float probability() { return p; }

    /** Returns y (the layer's own buffer, or x itself when inactive). */
    public float[] forward(float[] x, int n, boolean training) {
        this.n = n;
        this.active = training && p > 0f;
        if (!active) {
            return x;
        }
        if (y.length < n) {
            y = new float[n];
            mask = new float[n];
            dx = new float[n];
        }
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
            y[i] = x[i] * mask[i];
        }
        return y;
    }

    public float[] backward(float[] dy) {
        if (!active) {
            return dy;
        }
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * mask[i];
        }
        return dx;
    }
}
