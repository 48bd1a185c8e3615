package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/**
 * Adagrad, PyTorch's {@code torch.optim.Adagrad}:
 * <pre>
 *   γ̃ ← γ / (1 + (t − 1) η)                     (lr_decay η)
 *   g ← g + λ θ                                  (if weight_decay λ ≠ 0)
 *   s ← s + g²
 *   θ ← θ − γ̃ g / (√s + ε)
 * </pre>
 * State: {@code "sum"}, starting at initial_accumulator_value.
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double eps;
    private final float[] sum;

    /** PyTorch's defaults: lr 0.01, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10. */
    public Adagrad(Parameters params) {
        this(params, 1e-2);
    }

    /** PyTorch's defaults but the learning rate. */
    public Adagrad(Parameters params, double learningRate) {
        this(params, learningRate, 0, 0, 0, 1e-10);
    }

    public Adagrad(Parameters params, double learningRate, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        super(params, learningRate);
        checkArgument(lrDecay >= 0, "invalid lr_decay: " + lrDecay);
        checkArgument(weightDecay >= 0, "invalid weight decay: " + weightDecay);
        checkArgument(initialAccumulatorValue >= 0, "invalid initial accumulator value: " + initialAccumulatorValue);
        checkArgument(eps >= 0, "invalid eps: " + eps);
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.eps = eps;
        this.sum = addBuffer("sum", (float) initialAccumulatorValue);
    }

    @Override
    protected void update(float[] p, float[] g, int from, int to, long t) {
        double clr = learningRate() / (1 + (t - 1) * lrDecay);
        float alpha = (float) -clr;
        float wd = (float) weightDecay;
        float e = (float) eps;
        for (int i = from; i < to; i++) {
            float d = g[i];
            if (weightDecay != 0) {
                d = d + wd * p[i];
            }
            sum[i] = sum[i] + d * d;
            float std = (float) Math.sqrt(sum[i]) + e;
            p[i] = p[i] + alpha * d / std;
        }
    }
}
