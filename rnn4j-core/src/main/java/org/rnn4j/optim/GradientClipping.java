package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/** Gradient clipping over the whole gradient buffer, as PyTorch's {@code torch.nn.utils.clip_grad_*_}. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales all gradients together so their L2 norm, taken as one vector, is at most {@code maxNorm}
     * ({@code clip_grad_norm_}):
     * <pre>
     *   ‖g‖ = √(Σ g²),  c = maxNorm / (‖g‖ + 1e-6),  g ← c g  if c &lt; 1
     * </pre>
     * The sum is accumulated in double. A non-finite norm leaves the gradients as they are (PyTorch would
     * multiply them by NaN); the caller sees it in the return value and decides, e.g. to skip the update.
     * Modified: the gradient buffer.
     *
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(Parameters params, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("invalid max norm: " + maxNorm);
        }
        float[] g = params.grad();
        int n = params.size();
        // four running sums, of the elements i mod 4 = 0, 1, 2, 3, added at the end: one sum's additions wait on
        // each other (a million of them took 3 ms at hidden 512), four run side by side
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n4 = n - n % 4;
        for (int i = 0; i < n4; i += 4) {
            s0 += (double) g[i] * g[i];
            s1 += (double) g[i + 1] * g[i + 1];
            s2 += (double) g[i + 2] * g[i + 2];
            s3 += (double) g[i + 3] * g[i + 3];
        }
        for (int i = n4; i < n; i++) {
            s0 += (double) g[i] * g[i];
        }
        double total = Math.sqrt((s0 + s1) + (s2 + s3));
        if (!Double.isFinite(total)) {
            return total;
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (int i = 0; i < n; i++) {
                g[i] *= c;
            }
        }
        return total;
    }

    /**
     * Clamps every gradient to [−{@code maxValue}, {@code maxValue}] ({@code clip_grad_value_}); NaN stays NaN.
     * Modified: the gradient buffer.
     */
    public static void clipValue(Parameters params, double maxValue) {
        if (!(maxValue >= 0)) {
            throw new IllegalArgumentException("invalid clip value: " + maxValue);
        }
        float hi = (float) maxValue;
        float lo = -hi;
        float[] g = params.grad();
        int n = params.size();
        for (int i = 0; i < n; i++) {
            g[i] = Math.min(Math.max(g[i], lo), hi);
        }
    }
}
