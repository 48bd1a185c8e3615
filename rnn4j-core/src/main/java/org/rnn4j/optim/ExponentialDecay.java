package org.rnn4j.optim;

/** PyTorch's {@code ExponentialLR}: γ_t = γ · gamma^t. */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double baseRate;
    private final double gamma;

    public ExponentialDecay(double baseRate, double gamma) {
        this.baseRate = baseRate;
        this.gamma = gamma;
    }

    @Override
    public double rate(long step) {
        return baseRate * Math.pow(gamma, step);
    }
}
