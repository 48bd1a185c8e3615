package org.rnn4j.optim;

import org.rnn4j.nn.Parameters;

/**
 * AdamW, PyTorch's {@code torch.optim.AdamW}: {@link Adam} with decoupled weight decay,
 * <pre>
 *   θ ← θ (1 − γ λ)
 * </pre>
 * before the Adam update of θ, whose gradient is left without the L2 term. The default λ is 0.01.
 */
public final class AdamW extends Adam {
    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01, no AMSGrad. */
    public AdamW(Parameters params) {
        this(params, 1e-3);
    }

    /** PyTorch's defaults but the learning rate. */
    public AdamW(Parameters params, double learningRate) {
        this(params, learningRate, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    public AdamW(Parameters params, double learningRate, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super(params, learningRate, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
