package org.rnn4j.reference;

/**
 * Luong dot attention after the decoder, in double, batch-first, one (t, s) pair at a time:
 * score_ts = h_t·e_s over s &lt; len_b, a = softmax_s(score), c_t = Σ_s a_ts e_s, y_t = tanh(W_c [c_t ; h_t] + b_c).
 * Backward by the chain rule written out term by term (the reference of
 * {@link org.rnn4j.tasks.translate.LuongAttention}).
 */
public final class RefLuongAttention {
    public final RefLinear combine;
    private final int dim;
    private double[][][] h;
    private double[][][] e;
    private int[] lengths;
    private double[][][] a;
    private double[][][] y;
    public double[][][] dH;
    public double[][][] dE;

    public RefLuongAttention(int dim, int out) {
        this.dim = dim;
        this.combine = new RefLinear(2 * dim, out);
    }

    public double[][][] forward(double[][][] h, double[][][] e, int[] lengths) {
        this.h = h;
        this.e = e;
        this.lengths = lengths;
        int batch = h.length;
        int steps = h[0].length;
        int sourceSteps = e[0].length;
        a = new double[batch][steps][sourceSteps];
        double[][][] cat = new double[batch][steps][2 * dim];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] score = new double[lengths[b]];
                for (int s = 0; s < lengths[b]; s++) {
                    for (int k = 0; k < dim; k++) {
                        score[s] += h[b][t][k] * e[b][s][k];
                    }
                    max = Math.max(max, score[s]);
                }
                double sum = 0;
                for (int s = 0; s < lengths[b]; s++) {
                    sum += Math.exp(score[s] - max);
                }
                for (int s = 0; s < lengths[b]; s++) {
                    a[b][t][s] = Math.exp(score[s] - max) / sum;
                    for (int k = 0; k < dim; k++) {
                        cat[b][t][k] += a[b][t][s] * e[b][s][k];
                    }
                }
                System.arraycopy(h[b][t], 0, cat[b][t], dim, dim);
            }
        }
        double[][][] pre = combine.forward(cat);
        y = new double[batch][steps][];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                y[b][t] = new double[pre[b][t].length];
                for (int o = 0; o < y[b][t].length; o++) {
                    y[b][t][o] = Math.tanh(pre[b][t][o]);
                }
            }
        }
        return y;
    }

    /** Fills {@link #dH} and {@link #dE}; accumulates the Linear's gradients. */
    public void backward(double[][][] dy) {
        int batch = h.length;
        int steps = h[0].length;
        int sourceSteps = e[0].length;
        double[][][] dPre = new double[batch][steps][];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                dPre[b][t] = new double[dy[b][t].length];
                for (int o = 0; o < dPre[b][t].length; o++) {
                    dPre[b][t][o] = dy[b][t][o] * (1 - y[b][t][o] * y[b][t][o]);
                }
            }
        }
        double[][][] dCat = combine.backward(dPre);
        dH = new double[batch][steps][dim];
        dE = new double[batch][sourceSteps][dim];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                double[] dA = new double[lengths[b]];
                double weighted = 0;
                for (int s = 0; s < lengths[b]; s++) {
                    for (int k = 0; k < dim; k++) {
                        dA[s] += dCat[b][t][k] * e[b][s][k];
                        dE[b][s][k] += a[b][t][s] * dCat[b][t][k];
                    }
                    weighted += a[b][t][s] * dA[s];
                }
                for (int k = 0; k < dim; k++) {
                    dH[b][t][k] += dCat[b][t][dim + k];
                }
                for (int s = 0; s < lengths[b]; s++) {
                    double dScore = a[b][t][s] * (dA[s] - weighted);
                    for (int k = 0; k < dim; k++) {
                        dH[b][t][k] += dScore * e[b][s][k];
                        dE[b][s][k] += dScore * h[b][t][k];
                    }
                }
            }
        }
    }
}
