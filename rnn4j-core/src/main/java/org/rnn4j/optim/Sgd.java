package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
 * PyTorch's {@code torch.optim.SGD}:
 * <pre>
 *   g ← g + λ θ                                  (if weight_decay λ ≠ 0)
 *   b ← g at the first step, else μ b + (1 − τ) g  (if momentum μ ≠ 0)
 *   g ← g + μ b if nesterov, else b              (if momentum μ ≠ 0)
 *   θ ← θ − γ g
 * </pre>
 * State: {@code "momentum_buffer"} when momentum ≠ 0.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final float[] momentumBuffer;

    /** Plain SGD: no momentum, no weight decay. */
    public Sgd(Parameters params, double learningRate) {
        this(params, learningRate, 0, 0, 0, false);
    }

    public Sgd(Parameters params, double learningRate, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        super(params, learningRate);
        checkArgument(momentum >= 0, "invalid momentum: " + momentum);
        checkArgument(weightDecay >= 0, "invalid weight decay: " + weightDecay);
        checkArgument(!nesterov || (momentum > 0 && dampening == 0),
                "Nesterov momentum requires a momentum and zero dampening");
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.momentumBuffer = momentum != 0 ? addBuffer("momentum_buffer", 0f) : null;
    }

    @Override
    protected void update(float[] p, float[] g, int from, int to, long t) {
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        float keep = (float) (1 - dampening);
        float alpha = (float) -learningRate();
        float[] b = momentumBuffer;
        for (int i = from; i < to; i++) {
            float d = g[i];
            if (weightDecay != 0) {
                d = d + wd * p[i];
            }
            if (b != null) {
                b[i] = t == 1 ? d : b[i] * mu + keep * d;
                d = nesterov ? d + mu * b[i] : b[i];
            }
            p[i] = p[i] + alpha * d;
        }
    }
}
