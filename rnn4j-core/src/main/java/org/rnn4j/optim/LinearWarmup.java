package org.rnn4j.optim;

/**
 * A linear warm-up before another schedule, as PyTorch's {@code LinearLR} (end factor 1) followed by the
 * inner scheduler through {@code SequentialLR} with the milestone at {@code warmupSteps}:
 * <pre>
 *   γ_t = γ₀ (f + (1 − f) t / W)   for t &lt; W,     inner(t − W) after
 * </pre>
 * where γ₀ = inner(0) is the base rate, f the start factor and W the number of warm-up steps. The inner
 * schedule starts from its own step 0 when the warm-up ends.
 */
public final class LinearWarmup implements LearningRateSchedule {
    private final LearningRateSchedule inner;
    private final long warmupSteps;
    private final double startFactor;

    /** @param startFactor the fraction of the base rate at step 0, in [0, 1] (0: start from zero) */
    public LinearWarmup(LearningRateSchedule inner, long warmupSteps, double startFactor) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("negative warm-up: " + warmupSteps);
        }
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("start factor must be in [0, 1]: " + startFactor);
        }
        this.inner = inner;
        this.warmupSteps = warmupSteps;
        this.startFactor = startFactor;
    }

    @Override
    public double rate(long step) {
        if (step >= warmupSteps) {
            return inner.rate(step - warmupSteps);
        }
        return inner.rate(0) * (startFactor + (1 - startFactor) * step / warmupSteps);
    }
}
