package org.rnn4j.reference;

/**
 * L = (1/N) Σ over counted positions of -log softmax(z)[target], where a target of -1 is not counted and N is
 * the number of counted positions. ∂L/∂z = (softmax(z) - onehot(target)) / N at counted positions, 0 elsewhere.
 */
public final class RefSoftmaxCrossEntropy {
    public static final int IGNORE = -1;
    private double[][][] grad;

    public double forward(double[][][] logits, int[][] targets) {
        int counted = 0;
        for (int[] row : targets) {
            for (int k : row) {
                if (k != IGNORE) {
                    counted++;
                }
            }
        }
        grad = new double[logits.length][logits[0].length][logits[0][0].length];
        double total = 0;
        for (int b = 0; b < logits.length; b++) {
            for (int t = 0; t < logits[b].length; t++) {
                int k = targets[b][t];
                if (k == IGNORE) {
                    continue;
                }
                double[] z = logits[b][t];
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : z) {
                    sum += Math.exp(v - max);
                }
                double logSum = max + Math.log(sum);
                total += logSum - z[k];
                for (int j = 0; j < z.length; j++) {
                    grad[b][t][j] = Math.exp(z[j] - logSum) / counted;
                }
                grad[b][t][k] -= 1.0 / counted;
            }
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    /** ∂L/∂logits of the last forward call, [B][T][V]. */
    public double[][][] gradient() {
        return grad;
    }
}
