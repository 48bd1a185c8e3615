package org.rnn4j.tasks.translate;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;

import java.util.Arrays;

/**
 * Luong's global attention with the dot score, after the decoder RNN (Luong et al. 2015, without input
 * feeding). For each sequence b, decoder outputs h_t (T steps, D) and encoder outputs e_s (S steps, D) of
 * which the first {@code len_b} are real:
 *
 * <pre>
 *   score_ts = h_t · e_s                      (s &lt; len_b)
 *   a_ts     = exp(score_ts) / Σ_{s' &lt; len_b} exp(score_ts')   (0 for s ≥ len_b)
 *   c_t      = Σ_s a_ts e_s
 *   y_t      = tanh(W_c [c_t ; h_t] + b_c)     (the "attentional hidden state", D_out)
 * </pre>
 *
 * Backward, with g_t = ∂L/∂y_t, u_t = g_t ⊙ (1 − y_t²) and [dc_t ; dh_t] = W_cᵀ u_t (the Linear's backward):
 *
 * <pre>
 *   ∂L/∂a_ts     = dc_t · e_s
 *   ∂L/∂score_ts = a_ts (∂L/∂a_ts − Σ_s' a_ts' ∂L/∂a_ts')
 *   ∂L/∂h_t      = dh_t + Σ_s ∂L/∂score_ts e_s
 *   ∂L/∂e_s      = Σ_t (a_ts dc_t + ∂L/∂score_ts h_t)
 * </pre>
 *
 * Arrays are time-major: h (T, B, D), e (S, B, D), y (T, B, D_out); the per-sequence products are GEMMs on
 * strided rows (leading dimension B·D). The weights are the Linear {@code prefix + "weight"} (D_out, 2D) and
 * {@code prefix + "bias"}.
 */
public final class LuongAttention {
    private final int dim;
    private final Linear combine;
    private int steps;
    private int sourceSteps;
    private int batch;
    private int[] sourceLengths;
    private float[] h;
    private float[] e;
    /** (B, T, S) attention weights. */
    private float[] weights = new float[0];
    /** (T, B, 2D) the concatenation [c_t ; h_t]. */
    private float[] concat = new float[0];
    private float[] y = new float[0];
    private float[] dPre = new float[0];
    private float[] dScores = new float[0];
    private float[] dH = new float[0];
    private float[] dE = new float[0];

    public LuongAttention(Parameters params, String prefix, int dim, int outputSize) {
        this.dim = dim;
        this.combine = new Linear(params, prefix, 2 * dim, outputSize);
    }

    public int outputSize() { return combine.outputSize(); }
    public Linear combine() { return combine; }

    public void resetParameters(Rng rng) {
        combine.resetParameters(rng);
    }

    /**
     * @param h             decoder outputs (T, B, D); must stay unchanged until backward
     * @param e             encoder outputs (S, B, D); must stay unchanged until backward
     * @param sourceLengths len_b, each in 1..S
     * @return y (T, B, D_out), the object's own buffer
     */
    public float[] forward(float[] h, int steps, float[] e, int sourceSteps, int[] sourceLengths, int batch) {
        for (int len : sourceLengths) {
            if (len < 1 || len > sourceSteps) {
                throw new IllegalArgumentException("source length " + len + " outside 1.." + sourceSteps);
            }
        }
        this.h = h;
        this.e = e;
        this.steps = steps;
        this.sourceSteps = sourceSteps;
        this.batch = batch;
        this.sourceLengths = sourceLengths;
        int d = dim;
        int rows = steps * batch;
        int ts = steps * sourceSteps;
        if (weights.length < batch * ts) {
            weights = new float[batch * ts];
            dScores = new float[batch * ts];
        }
        if (concat.length < rows * 2 * d) {
            concat = new float[rows * 2 * d];
            dH = new float[rows * d];
        }
        if (dE.length < sourceSteps * batch * d) {
            dE = new float[sourceSteps * batch * d];
        }
        for (int b = 0; b < batch; b++) {
            int off = b * ts;
            int len = sourceLengths[b];
            // scores (T, S) = H_b · E_bᵀ over the real source steps
            Gemm.sgemm(false, true, steps, len, d, 1f, h, b * d, batch * d, e, b * d, batch * d,
                    0f, weights, off, sourceSteps);
            for (int t = 0; t < steps; t++) {
                int r = off + t * sourceSteps;
                float max = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < len; s++) {
                    max = Math.max(max, weights[r + s]);
                }
                double sum = 0;
                for (int s = 0; s < len; s++) {
                    float v = (float) Math.exp(weights[r + s] - max);
                    weights[r + s] = v;
                    sum += v;
                }
                float inv = (float) (1.0 / sum);
                for (int s = 0; s < len; s++) {
                    weights[r + s] *= inv;
                }
                Arrays.fill(weights, r + len, r + sourceSteps, 0f);
            }
            // c (T, D) = A_b · E_b, written to the first half of each concat row
            Gemm.sgemm(false, false, steps, d, len, 1f, weights, off, sourceSteps, e, b * d, batch * d,
                    0f, concat, b * 2 * d, batch * 2 * d);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(h, r * d, concat, r * 2 * d + d, d);
        }
        float[] pre = combine.forward(concat, rows);
        int n = rows * combine.outputSize();
        if (y.length < n) {
            y = new float[n];
            dPre = new float[n];
        }
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.tanh(pre[i]);
        }
        return y;
    }

    /** The attention weights a_ts of sequence b as a (T, S) block of the returned array at offset b·T·S. */
    public float[] weights() {
        return weights;
    }

    /** Gradients with respect to h ({@link #dDecoder()}) and e ({@link #dEncoder()}); accumulates W_c's. */
    public void backward(float[] dy) {
        int d = dim;
        int rows = steps * batch;
        int n = rows * combine.outputSize();
        for (int i = 0; i < n; i++) {
            dPre[i] = dy[i] * (1f - y[i] * y[i]);
        }
        float[] dConcat = combine.backward(dPre);
        int ts = steps * sourceSteps;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dConcat, r * 2 * d + d, dH, r * d, d);
        }
        Arrays.fill(dE, 0, sourceSteps * batch * d, 0f);
        for (int b = 0; b < batch; b++) {
            int off = b * ts;
            int len = sourceLengths[b];
            // dA (T, S) = dC_b · E_bᵀ
            Gemm.sgemm(false, true, steps, len, d, 1f, dConcat, b * 2 * d, batch * 2 * d, e, b * d, batch * d,
                    0f, dScores, off, sourceSteps);
            // dE_b += A_bᵀ · dC_b
            Gemm.sgemm(true, false, len, d, steps, 1f, weights, off, sourceSteps, dConcat, b * 2 * d,
                    batch * 2 * d, 1f, dE, b * d, batch * d);
            for (int t = 0; t < steps; t++) {
                int r = off + t * sourceSteps;
                float dot = 0f;
                for (int s = 0; s < len; s++) {
                    dot += weights[r + s] * dScores[r + s];
                }
                for (int s = 0; s < len; s++) {
                    dScores[r + s] = weights[r + s] * (dScores[r + s] - dot);
                }
            }
            // dH_b += dScores · E_b ; dE_b += dScoresᵀ · H_b
            Gemm.sgemm(false, false, steps, d, len, 1f, dScores, off, sourceSteps, e, b * d, batch * d,
                    1f, dH, b * d, batch * d);
            Gemm.sgemm(true, false, len, d, steps, 1f, dScores, off, sourceSteps, h, b * d, batch * d,
                    1f, dE, b * d, batch * d);
        }
    }

    /** ∂L/∂h (T, B, D) of the last backward call, the object's own buffer. */
    public float[] dDecoder() {
        return dH;
    }

    /** ∂L/∂e (S, B, D) of the last backward call (zero at padded source steps), the object's own buffer. */
    public float[] dEncoder() {
        return dE;
    }
}
