package org.rnn4j.nn;

import org.rnn4j.math.Rng;

import java.util.Arrays;

/**
 * Parameter initialisations. A two-dimensional parameter of shape (rows, cols) is stored row by row; the
 * recurrent weights stack their gates on the rows (LSTM i, f, g, o; GRU r, z, n), so the block methods treat
 * each gate's rows separately. All methods overwrite the parameter's values and nothing else.
 */
public final class Init {
    private Init() {
    }

    /**
     * Every value uniform in [−bound, bound]. PyTorch's default for RNN, LSTM and GRU layers uses
     * bound = 1/√H for every weight and bias, drawn in the same way as the layers' {@code resetParameters}.
     */
    public static void uniform(Param param, double bound, Rng rng) {
        float[] data = param.owner().data();
        int o = param.offset();
        for (int i = 0; i < param.size(); i++) {
            data[o + i] = (float) rng.uniform(-bound, bound);
        }
    }

    /** Every value normal with mean 0 and standard deviation {@code std}; N(0, 1) is the Embedding default. */
    public static void normal(Param param, double std, Rng rng) {
        float[] data = param.owner().data();
        int o = param.offset();
        for (int i = 0; i < param.size(); i++) {
            data[o + i] = (float) (std * rng.nextGaussian());
        }
    }

    /** The whole (rows, cols) matrix orthogonal, as {@code torch.nn.init.orthogonal_}: one block of all rows. */
    public static void orthogonal(Param param, Rng rng) {
        orthogonalBlocks(param, param.shape()[0], rng);
    }

    /**
     * Makes each block of {@code blockRows} consecutive rows an orthogonal matrix, as
     * {@code torch.nn.init.orthogonal_} does for a whole tensor: Q of the QR decomposition of a standard normal
     * (blockRows, cols) matrix, transposed first when it has fewer rows than columns, with each column of Q
     * multiplied by the sign of R's diagonal so that the result is unique. A block then has orthonormal rows
     * (W Wᵀ = I) when blockRows ≤ cols, and orthonormal columns (Wᵀ W = I) otherwise. The QR is Householder's,
     * in double. A parameter of more than two dimensions is treated as (shape[0], rest).
     */
    public static void orthogonalBlocks(Param param, int blockRows, Rng rng) {
        int[] shape = param.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException(param + ": orthogonal initialisation needs at least two dimensions");
        }
        int rows = shape[0];
        int cols = param.size() / rows;
        if (blockRows <= 0 || rows % blockRows != 0) {
            throw new IllegalArgumentException(param + ": " + rows + " rows do not split into blocks of " + blockRows);
        }
        boolean transpose = blockRows < cols;
        int m = Math.max(blockRows, cols);
        int n = Math.min(blockRows, cols);
        float[] data = param.owner().data();
        double[] a = new double[m * n];
        for (int b = 0; b < rows / blockRows; b++) {
            // a is the (blockRows, cols) Gaussian block, or its transpose, so that m ≥ n
            for (int r = 0; r < blockRows; r++) {
                for (int c = 0; c < cols; c++) {
                    double x = rng.nextGaussian();
                    a[transpose ? c * n + r : r * n + c] = x;
                }
            }
            double[] q = orthonormalColumns(a, m, n);
            int base = param.offset() + b * blockRows * cols;
            for (int r = 0; r < blockRows; r++) {
                for (int c = 0; c < cols; c++) {
                    data[base + r * cols + c] = (float) (transpose ? q[c * n + r] : q[r * n + c]);
                }
            }
        }
    }

    /**
     * The Q of A = QR with R's diagonal made non-negative, by Householder reflections.
     *
     * @param a (m, n) row by row, m ≥ n; overwritten (with R in its upper triangle)
     * @return Q, (m, n) row by row
     */
    private static double[] orthonormalColumns(double[] a, int m, int n) {
        double[][] reflectors = new double[n][];
        double[] sign = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += a[i * n + k] * a[i * n + k];
            }
            norm = Math.sqrt(norm);
            // reflect column k onto r_kk e_k, r_kk of the sign opposite to a_kk to avoid cancellation
            double rkk = a[k * n + k] > 0 ? -norm : norm;
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) {
                v[i - k] = a[i * n + k];
            }
            v[0] -= rkk;
            reflect(v, a, k, n, k, n);
            reflectors[k] = v;
            sign[k] = rkk < 0 ? -1 : 1;
        }
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) {
            q[j * n + j] = 1;
        }
        for (int k = n - 1; k >= 0; k--) {
            reflect(reflectors[k], q, k, n, 0, n);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[i * n + j] *= sign[j];
            }
        }
        return q;
    }

    /** Applies I − 2 v vᵀ / (vᵀ v) to rows {@code row0}… and columns [c0, c1) of the n-column matrix x. */
    private static void reflect(double[] v, double[] x, int row0, int n, int c0, int c1) {
        double vv = 0;
        for (double e : v) {
            vv += e * e;
        }
        if (vv == 0) {
            return;
        }
        for (int j = c0; j < c1; j++) {
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * x[(row0 + i) * n + j];
            }
            double f = 2 * dot / vv;
            for (int i = 0; i < v.length; i++) {
                x[(row0 + i) * n + j] -= f * v[i];
            }
        }
    }

    /**
     * {@code scale} times the identity in each (cols, cols) block of a (k·cols, cols) parameter, zero elsewhere.
     * For an RNN's weight_hh (H, H) this is the IRNN initialisation W_hh = I.
     */
    public static void identity(Param param, float scale) {
        int[] shape = param.shape();
        if (shape.length != 2 || shape[0] % shape[1] != 0) {
            throw new IllegalArgumentException(param + ": identity needs a stack of square blocks");
        }
        int cols = shape[1];
        float[] data = param.owner().data();
        int o = param.offset();
        Arrays.fill(data, o, o + param.size(), 0f);
        for (int r = 0; r < shape[0]; r++) {
            data[o + r * cols + r % cols] = scale;
        }
    }

    /**
     * Sets an LSTM's forget-gate bias (gate order i, f, g, o): bias_ih[H:2H] = value and bias_hh[H:2H] = 0.
     * The two biases are added, so the effective forget bias is their sum, {@code value}. The other gates'
     * biases are left as they are.
     */
    public static void setForgetGateBias(Param biasIh, Param biasHh, int hidden, float value) {
        if (biasIh.size() != 4 * hidden || biasHh.size() != 4 * hidden) {
            throw new IllegalArgumentException("LSTM biases of hidden size " + hidden + " have " + 4 * hidden
                    + " values, got " + biasIh + " and " + biasHh);
        }
        Arrays.fill(biasIh.owner().data(), biasIh.offset() + hidden, biasIh.offset() + 2 * hidden, value);
        Arrays.fill(biasHh.owner().data(), biasHh.offset() + hidden, biasHh.offset() + 2 * hidden, 0f);
    }
}
