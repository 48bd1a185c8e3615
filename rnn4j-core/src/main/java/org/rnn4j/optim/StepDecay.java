package org.rnn4j.optim;

/** PyTorch's {@code StepLR}: γ_t = γ · gamma^⌊t / stepSize⌋. */
public final class StepDecay implements LearningRateSchedule {
    private final double baseRate;
    private final long stepSize;
    private final double gamma;

    public StepDecay(double baseRate, long stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step size must be positive: " + stepSize);
        }
        this.baseRate = baseRate;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double rate(long step) {
        return baseRate * Math.pow(gamma, step / stepSize);
    }
}
