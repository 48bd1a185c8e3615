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
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            sumSq += (double) g[i] * g[i];
        }
        double total = Math.sqrt(sumSq);
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
