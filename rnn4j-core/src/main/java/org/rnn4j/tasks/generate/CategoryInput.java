package org.rnn4j.tasks.generate;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.Init;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.Parameters;

/**
 * A category fed at every step: a learned vector per category, {@code weight} (K, E), added to each step's input
 * of the sequence of that category. With x (T, B, E) time-major, k_b the category of sequence b and len_b its
 * length,
 *
 * <pre>
 *   y[t, b, :] = x[t, b, :] + weight[k_b, :]     for t &lt; len_b,   y[t, b, :] = x[t, b, :] at padded steps
 *   ∂L/∂x = ∂L/∂y,    ∂L/∂weight[k, :] += Σ_{b: k_b = k} Σ_{t &lt; len_b} ∂L/∂y[t, b, :]
 * </pre>
 *
 * It is the tutorial's "category input at every step" (there a one-hot vector concatenated to the input, whose
 * product with the input weights is this sum). PyTorch: {@code x + category(k)[None]} with
 * {@code category = nn.Embedding(K, E)}, initialised N(0, 1).
 */
public final class CategoryInput {
    private final Parameters params;
    private final Param weight;
    private final int categories;
    private final int dim;
    private float[] out = new float[0];
    private int steps;
    private int batch;
    private int[] cats;
    private int[] lengths;

    public CategoryInput(Parameters params, String prefix, int categories, int dim) {
        this.params = params;
        this.categories = categories;
        this.dim = dim;
        this.weight = params.add(prefix + "weight", categories, dim);
    }

    public Param weight() { return weight; }

    public void resetParameters(Rng rng) {
        Init.normal(weight, 1.0, rng);
    }

    /** y = x + weight[k_b] at each sequence's own steps; returns this layer's own buffer (T, B, E). */
    public float[] forward(float[] x, int steps, int batch, int[] categories, int[] lengths) {
        int n = steps * batch * dim;
        if (out.length < n) {
            out = new float[n];
        }
        System.arraycopy(x, 0, out, 0, n);
        float[] w = params.data();
        for (int b = 0; b < batch; b++) {
            int k = categories[b];
            if (k < 0 || k >= this.categories) {
                throw new IllegalArgumentException("category " + k + " outside 0.." + (this.categories - 1));
            }
            int len = lengths == null ? steps : lengths[b];
            for (int t = 0; t < len; t++) {
                int row = (t * batch + b) * dim;
                for (int j = 0; j < dim; j++) {
                    out[row + j] += w[weight.offset() + k * dim + j];
                }
            }
        }
        this.steps = steps;
        this.batch = batch;
        this.cats = categories;
        this.lengths = lengths;
        return out;
    }

    /** Accumulates ∂L/∂weight; ∂L/∂x is dy itself (returned as given). */
    public float[] backward(float[] dy) {
        float[] g = params.grad();
        for (int b = 0; b < batch; b++) {
            int row0 = weight.offset() + cats[b] * dim;
            int len = lengths == null ? steps : lengths[b];
            for (int t = 0; t < len; t++) {
                int row = (t * batch + b) * dim;
                for (int j = 0; j < dim; j++) {
                    g[row0 + j] += dy[row + j];
                }
            }
        }
        return dy;
    }
}
