package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/**
 * RMSprop, PyTorch's {@code torch.optim.RMSprop}:
 * <pre>
 *   g ← g + λ θ                                  (if weight_decay λ ≠ 0)
 *   v ← α v + (1 − α) g²
 *   ṽ ← v;  if centered:  ḡ ← α ḡ + (1 − α) g,  ṽ ← v − ḡ²
 *   if momentum μ &gt; 0:  b ← μ b + g / (√ṽ + ε),  θ ← θ − γ b
 *   else               θ ← θ − γ g / (√ṽ + ε)
 * </pre>
 * State: {@code "square_avg"}; {@code "grad_avg"} when centered; {@code "momentum_buffer"} when momentum &gt; 0.
 */
public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final float[] squareAvg;
    private final float[] gradAvg;
    private final float[] momentumBuffer;

    /** PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, not centered. */
    public RmsProp(Parameters params) {
        this(params, 1e-2);
    }

    /** PyTorch's defaults but the learning rate. */
    public RmsProp(Parameters params, double learningRate) {
        this(params, learningRate, 0.99, 1e-8, 0, 0, false);
    }

    public RmsProp(Parameters params, double learningRate, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        super(params, learningRate);
        checkArgument(alpha >= 0, "invalid alpha: " + alpha);
        checkArgument(eps >= 0, "invalid eps: " + eps);
        checkArgument(weightDecay >= 0, "invalid weight decay: " + weightDecay);
        checkArgument(momentum >= 0, "invalid momentum: " + momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.squareAvg = addBuffer("square_avg", 0f);
        this.gradAvg = centered ? addBuffer("grad_avg", 0f) : null;
        this.momentumBuffer = momentum > 0 ? addBuffer("momentum_buffer", 0f) : null;
    }

    @Override
    protected void update(float[] p, float[] g, int from, int to, long t) {
        float wd = (float) weightDecay;
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float e = (float) eps;
        float mu = (float) momentum;
        float negLr = (float) -learningRate();
        for (int i = from; i < to; i++) {
            float d = g[i];
            if (weightDecay != 0) {
                d = d + wd * p[i];
            }
            squareAvg[i] = squareAvg[i] * a + oneMinusA * d * d;
            float avg;
            if (gradAvg != null) {
                gradAvg[i] = gradAvg[i] * a + oneMinusA * d;
                avg = (float) Math.sqrt(squareAvg[i] - gradAvg[i] * gradAvg[i]);
            } else {
                avg = (float) Math.sqrt(squareAvg[i]);
            }
            avg = avg + e;
            if (momentumBuffer != null) {
                momentumBuffer[i] = momentumBuffer[i] * mu + d / avg;
                p[i] = p[i] + negLr * momentumBuffer[i];
            } else {
                p[i] = p[i] + negLr * d / avg;
            }
        }
    }
}
