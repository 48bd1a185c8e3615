package org.rnn4j.nn;

/**
 * Softmax cross-entropy over rows of logits (N, V): L = mean over counted rows n of -log p_n[target_n], with
 * p = softmax(logits). A target of {@link #IGNORE} (padding) is not counted, as PyTorch's
 * {@code F.cross_entropy(..., ignore_index=-1)}; the mean is over the counted rows (PyTorch's default).
 */
public final class SoftmaxCrossEntropy {
    public static final int IGNORE = -1;

    private float[] dLogits = new float[0];
    /** exp(z_k - max) of the current row, computed once for the sum and the gradient. */
    private double[] shifted = new double[0];

    /**
     * Computes the loss and keeps ∂L/∂logits for {@link #gradient()}.
     *
     * @return the mean loss in nats, or NaN when no row is counted
     */
    public double forward(float[] logits, int rows, int classes, int[] targets) {
        if (dLogits.length < rows * classes) {
            dLogits = new float[rows * classes];
        }
        int counted = 0;
        for (int n = 0; n < rows; n++) {
            if (targets[n] != IGNORE) {
                if (targets[n] < 0 || targets[n] >= classes) {
                    throw new IllegalArgumentException("target " + targets[n] + " outside 0.." + (classes - 1));
                }
                counted++;
            }
        }
        double total = 0;
        float scale = counted == 0 ? 0f : 1f / counted;
        for (int n = 0; n < rows; n++) {
            int base = n * classes;
            if (targets[n] == IGNORE) {
                java.util.Arrays.fill(dLogits, base, base + classes, 0f);
                continue;
            }
            // log p_k = z_k - (max + log Σ_j exp(z_j - max)), stable for any logits
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[base + k]);
            }
            if (shifted.length < classes) {
                shifted = new double[classes];
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                shifted[k] = Math.exp(logits[base + k] - max);
                sum += shifted[k];
            }
            double logSum = max + Math.log(sum);
            total += logSum - logits[base + targets[n]];
            // ∂L/∂z_k = (p_k - [k = target]) / counted, p_k = exp(z_k - max) / Σ_j exp(z_j - max)
            for (int k = 0; k < classes; k++) {
                dLogits[base + k] = (float) (shifted[k] / sum) * scale;
            }
            dLogits[base + targets[n]] -= scale;
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    /** ∂L/∂logits (N, V) of the last forward call; the object's own buffer. */
    public float[] gradient() {
        return dLogits;
    }
}
