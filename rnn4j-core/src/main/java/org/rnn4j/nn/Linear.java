package org.rnn4j.nn;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.Matrices;
import org.rnn4j.math.QuantizedMatrix;
import org.rnn4j.math.Rng;

/**
 * y = x·Wᵀ + b applied to every row: x (N, I), weight (O, I), bias (O), y (N, O). For a sequence, N = T·B,
 * so the output layer {@code y_t = W_hy h_t + b_y} of all steps is one GEMM. PyTorch's {@code nn.Linear}.
 */
public final class Linear {
    private final Parameters params;
    private final Param weight;
    private final Param bias;
    private final int in;
    private final int outSize;
    private float[] x;
    private int rows;
    private float[] y = new float[0];
    private float[] dx = new float[0];
    /** The weight as 8-bit integers, for inference ({@link #useQuantizedWeights}); null when off. */
    private QuantizedMatrix quantized;

    public Linear(Parameters params, String prefix, int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        this.params = params;
        this.in = in;
        this.outSize = out;
        this.weight = params.add(prefix + "weight", out, in);
        this.bias = params.add(prefix + "bias", out);
    }

    public Param weight() { return weight; }
    public Param bias() { return bias; }
    public int inputSize() { return in; }
    public int outputSize() { return outSize; }

    /** PyTorch's default: weight and bias uniform in (-1/√I, 1/√I). */
    public void resetParameters(Rng rng) {
        double bound = 1.0 / Math.sqrt(in);
        Init.uniform(weight, bound, rng);
        Init.uniform(bias, bound, rng);
    }

    /**
     * Turns on (or off) inference with the weight quantized to 8 bits ({@link QuantizedMatrix}), made from the
     * weight as it is now; backward is refused while on.
     */
    public void useQuantizedWeights(boolean on) {
        quantized = on ? weight.quantized() : null;
    }

    /** Whether forward uses the 8-bit weight ({@link #useQuantizedWeights}). */
    public boolean usesQuantizedWeights() {
        return quantized != null;
    }

    /** Returns y (N, O), the layer's own buffer. x must stay unchanged until backward. */
    public float[] forward(float[] x, int rows) {
        if (x.length < rows * in) {
            throw new IllegalArgumentException("input shorter than N·I");
        }
        this.x = x;
        this.rows = rows;
        if (y.length < rows * outSize) {
            y = new float[rows * outSize];
        }
        float[] w = params.data();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(w, bias.offset(), y, r * outSize, outSize);
        }
        if (quantized != null) {
            quantized.multiplyAdd(rows, x, 0, in, y, 0, outSize);
        } else {
            Gemm.sgemm(false, true, rows, outSize, in, 1f, x, 0, in, w, weight.offset(), in, 1f, y, 0, outSize);
        }
        return y;
    }

    /** dW += dyᵀ·x ; db += Σ_n dy_n ; returns dx = dy·W (N, I). */
    public float[] backward(float[] dy) {
        if (quantized != null) {
            throw new IllegalStateException("backward with quantized weights, which are for inference only");
        }
        float[] w = params.data();
        float[] g = params.grad();
        Gemm.sgemm(true, false, outSize, in, rows, 1f, dy, 0, outSize, x, 0, in, 1f, g, weight.offset(), in);
        Matrices.addColumnSums(dy, rows, outSize, g, bias.offset());
        if (dx.length < rows * in) {
            dx = new float[rows * in];
        }
        Gemm.sgemm(false, false, rows, in, outSize, 1f, dy, 0, outSize, w, weight.offset(), in, 0f, dx, 0, in);
        return dx;
    }
}
