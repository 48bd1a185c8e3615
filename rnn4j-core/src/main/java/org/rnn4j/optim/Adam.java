package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/**
 * Adam, PyTorch's {@code torch.optim.Adam}, with L2 weight decay added to the gradient and optional AMSGrad:
 * <pre>
 *   g ← g + λ θ                                  (if weight_decay λ ≠ 0)
 *   m ← β₁ m + (1 − β₁) g
 *   v ← β₂ v + (1 − β₂) g²
 *   m̂ ← m / (1 − β₁ᵗ)
 *   v̂ ← v / (1 − β₂ᵗ);  with AMSGrad  v̂_max ← max(v̂_max, v̂),  v̂ ← v̂_max
 *   θ ← θ − γ m̂ / (√v̂ + ε)
 * </pre>
 * computed as PyTorch does: {@code θ ← θ − (γ / (1 − β₁ᵗ)) m / (√v / √(1 − β₂ᵗ) + ε)}, the maximum taken
 * over the raw v. State: {@code "exp_avg"}, {@code "exp_avg_sq"}, and {@code "max_exp_avg_sq"} with AMSGrad.
 * {@link AdamW} is the same update with decoupled weight decay.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupledWeightDecay;
    private final float[] expAvg;
    private final float[] expAvgSq;
    private final float[] maxExpAvgSq;

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, no AMSGrad. */
    public Adam(Parameters params) {
        this(params, 1e-3);
    }

    /** PyTorch's defaults but the learning rate. */
    public Adam(Parameters params, double learningRate) {
        this(params, learningRate, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(Parameters params, double learningRate, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        this(params, learningRate, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    /** With {@code decoupledWeightDecay}, the weight decay is AdamW's θ ← θ (1 − γλ) instead of L2 on g. */
    Adam(Parameters params, double learningRate, double beta1, double beta2, double eps, double weightDecay,
         boolean amsgrad, boolean decoupledWeightDecay) {
        super(params, learningRate);
        checkArgument(beta1 >= 0 && beta1 < 1, "invalid beta1: " + beta1);
        checkArgument(beta2 >= 0 && beta2 < 1, "invalid beta2: " + beta2);
        checkArgument(eps >= 0, "invalid eps: " + eps);
        checkArgument(weightDecay >= 0, "invalid weight decay: " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupledWeightDecay = decoupledWeightDecay;
        this.expAvg = addBuffer("exp_avg", 0f);
        this.expAvgSq = addBuffer("exp_avg_sq", 0f);
        this.maxExpAvgSq = amsgrad ? addBuffer("max_exp_avg_sq", 0f) : null;
    }

    @Override
    protected final void update(float[] p, float[] g, int from, int to, long t) {
        double lr = learningRate();
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        float negStepSize = (float) -(lr / biasCorrection1);
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        boolean l2 = !decoupledWeightDecay && weightDecay != 0;
        float wd = (float) weightDecay;
        float decay = (float) (1 - lr * weightDecay);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float e = (float) eps;
        for (int i = from; i < to; i++) {
            float d = g[i];
            if (decoupledWeightDecay) {
                p[i] = p[i] * decay;
            } else if (l2) {
                d = d + wd * p[i];
            }
            expAvg[i] = expAvg[i] * b1 + oneMinusB1 * d;
            expAvgSq[i] = expAvgSq[i] * b2 + oneMinusB2 * d * d;
            float v = expAvgSq[i];
            if (maxExpAvgSq != null) {
                v = maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], v);
            }
            float denom = (float) Math.sqrt(v) / bc2Sqrt + e;
            p[i] = p[i] + negStepSize * expAvg[i] / denom;
        }
    }
}
