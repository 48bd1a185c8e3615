package org.rnn4j.nn;

import org.rnn4j.math.Rng;

/**
 * A lookup table {@code weight} (V, E): row {@code ids[n]} becomes output row n, (N, E). Backward adds each
 * output row's gradient to the row it was read from. PyTorch's {@code nn.Embedding}, initialised N(0, 1).
 */
public final class Embedding {
    private final Parameters params;
    private final Param weight;
    private final int vocab;
    private final int dim;
    private int[] ids;
    private int count;
    private float[] out = new float[0];

    public Embedding(Parameters params, String prefix, int vocab, int dim) {
        this.params = params;
        this.vocab = vocab;
        this.dim = dim;
        this.weight = params.add(prefix + "weight", vocab, dim);
    }

    public Param weight() { return weight; }
    public int vocabSize() { return vocab; }
    public int dim() { return dim; }

    public void resetParameters(Rng rng) {
        Init.normal(weight, 1.0, rng);
    }

    /** out[n, :] = weight[ids[n], :] for the first {@code count} ids. Returns (N, E), the layer's own buffer. */
    public float[] forward(int[] ids, int count) {
        if (out.length < count * dim) {
            out = new float[count * dim];
        }
        checkIds(ids, count);
        float[] w = params.data();
        for (int n = 0; n < count; n++) {
            System.arraycopy(w, weight.offset() + ids[n] * dim, out, n * dim, dim);
        }
        this.ids = ids;
        this.count = count;
        return out;
    }

    /** Rejects an embedding whose rows are not {@code inputSize} wide, the width of the input it is to feed. */
    public void checkWidth(int inputSize) {
        if (dim != inputSize) {
            throw new IllegalArgumentException("embedding of width " + dim + " for an input of width " + inputSize);
        }
    }

    /** Rejects a count beyond {@code ids} and an id outside 0..V-1. */
    public void checkIds(int[] ids, int count) {
        if (count < 0 || count > ids.length) {
            throw new IllegalArgumentException(count + " ids asked of an array of " + ids.length);
        }
        for (int n = 0; n < count; n++) {
            int id = ids[n];
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("id " + id + " outside the vocabulary 0.." + (vocab - 1));
            }
        }
    }

    /** dweight[ids[n], :] += dOut[n, :]. */
    public void backward(float[] dOut) {
        float[] g = params.grad();
        for (int n = 0; n < count; n++) {
            int row = weight.offset() + ids[n] * dim;
            for (int j = 0; j < dim; j++) {
                g[row + j] += dOut[n * dim + j];
            }
        }
    }
}
