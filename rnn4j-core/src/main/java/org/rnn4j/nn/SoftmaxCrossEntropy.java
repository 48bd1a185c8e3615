package org.rnn4j.nn;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.WorkerTeam;

import java.util.Arrays;

/**
 * Softmax cross-entropy over rows of logits (N, V): L = mean over counted rows n of -log p_n[target_n], with
 * p = softmax(logits). A target of {@link #IGNORE} (padding) is not counted, as PyTorch's
 * {@code F.cross_entropy(..., ignore_index=-1)}; the mean is over the counted rows (PyTorch's default).
 */
public final class SoftmaxCrossEntropy {
    public static final int IGNORE = -1;
    /** Below this many logits a call runs on the calling thread alone. */
    private static final int MIN_SPLIT_LOGITS = 1 << 15;

    private float[] dLogits = new float[0];
    /** -log p[target] of each row (0 for ignored rows), summed in row order after the rows are done. */
    private double[] rowLoss = new double[0];
    /** Per part of the rows: exp(z_k - max) of the current row, computed once for the sum and the gradient. */
    private double[][] shifted = new double[0][];

    /**
     * Computes the loss and keeps ∂L/∂logits for {@link #gradient()}. Large calls share the rows among the GEMM
     * backend's threads; the loss is the same double whichever thread did which row.
     *
     * @return the mean loss in nats, or NaN when no row is counted
     */
    public double forward(float[] logits, int rows, int classes, int[] targets) {
        if (dLogits.length < rows * classes) {
            dLogits = new float[rows * classes];
        }
        if (rowLoss.length < rows) {
            rowLoss = new double[rows];
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
        float scale = counted == 0 ? 0f : 1f / counted;
        int threads = Gemm.backend().threads();
        int parts = (long) rows * classes < MIN_SPLIT_LOGITS ? 1 : Math.min(threads, rows);
        if (shifted.length < parts || shifted[0].length < classes) {
            shifted = new double[Math.max(parts, shifted.length)][classes];
        }
        if (parts == 1) {
            rowsForward(logits, classes, targets, scale, 0, rows, shifted[0]);
        } else {
            WorkerTeam.of(threads).run(parts, (part, count) -> rowsForward(logits, classes, targets, scale,
                    WorkerTeam.splitPoint(rows, part, count), WorkerTeam.splitPoint(rows, part + 1, count),
                    shifted[part]));
        }
        double total = 0;
        for (int n = 0; n < rows; n++) {
            total += rowLoss[n];
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    /** Rows [from, to): rowLoss[n] = -log p_n[target_n] and dLogits[n] = (p_n - onehot) · scale. */
    private void rowsForward(float[] logits, int classes, int[] targets, float scale, int from, int to,
                             double[] exps) {
        for (int n = from; n < to; n++) {
            int base = n * classes;
            if (targets[n] == IGNORE) {
                Arrays.fill(dLogits, base, base + classes, 0f);
                rowLoss[n] = 0;
                continue;
            }
            // log p_k = z_k - (max + log Σ_j exp(z_j - max)), stable for any logits
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[base + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                exps[k] = Math.exp(logits[base + k] - max);
                sum += exps[k];
            }
            double logSum = max + Math.log(sum);
            rowLoss[n] = logSum - logits[base + targets[n]];
            // ∂L/∂z_k = (p_k - [k = target]) / counted, p_k = exp(z_k - max) / Σ_j exp(z_j - max)
            for (int k = 0; k < classes; k++) {
                dLogits[base + k] = (float) (exps[k] / sum) * scale;
            }
            dLogits[base + targets[n]] -= scale;
        }
    }

    /** ∂L/∂logits (N, V) of the last forward call; the object's own buffer. */
    public float[] gradient() {
        return dLogits;
    }
}
