package org.rnn4j.tasks;

import org.rnn4j.math.Rng;

/**
 * Inverted dropout on a flat array while training: y = x ⊙ m / (1 − p) with m_i ~ Bernoulli(1 − p) drawn
 * afresh at each forward call; the identity otherwise (and when p = 0). Backward: ∂L/∂x = ∂L/∂y ⊙ m / (1 − p),
 * with the mask of the last forward call. PyTorch's {@code nn.Dropout(p)}; used on word and character embeddings
 * and on the features before a classifier's output layer.
 */
public final class Dropout {
    private final float p;
    private final Rng rng;
    private boolean training;
    private boolean applied;
    private float[] mask = new float[0];
    private float[] out = new float[0];
    private float[] dx = new float[0];
    private int n;

    /** @param rng random numbers for the masks (may be null when p is 0) */
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

    public float p() { return p; }

    public void setTraining(boolean training) {
        this.training = training;
    }

    /** Returns y for the first n values of x: x itself when not applied, else this layer's own buffer. */
    public float[] forward(float[] x, int n) {
        this.n = n;
        applied = training && p > 0f;
        if (!applied) {
            return x;
        }
        if (mask.length < n) {
            mask = new float[n];
            out = new float[n];
            dx = new float[n];
        }
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
            out[i] = x[i] * mask[i];
        }
        return out;
    }

    /** ∂L/∂x for the last forward call: dy itself when not applied, else this layer's own buffer. */
    public float[] backward(float[] dy) {
        if (!applied) {
            return dy;
        }
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * mask[i];
        }
        return dx;
    }
}
