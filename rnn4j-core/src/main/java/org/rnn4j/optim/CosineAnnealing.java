package org.rnn4j.optim;

/**
 * PyTorch's {@code CosineAnnealingLR} in closed form, held at its minimum after {@code tMax}:
 * <pre>
 *   γ_t = η_min + (γ − η_min) (1 + cos(π t / T_max)) / 2   for t ≤ T_max,   η_min after
 * </pre>
 * (PyTorch's recursive form would rise again after T_max; this one does not restart.)
 */
public final class CosineAnnealing implements LearningRateSchedule {
    private final double baseRate;
    private final long tMax;
    private final double minRate;

    public CosineAnnealing(double baseRate, long tMax, double minRate) {
        if (tMax <= 0) {
            throw new IllegalArgumentException("T_max must be positive: " + tMax);
        }
        this.baseRate = baseRate;
        this.tMax = tMax;
        this.minRate = minRate;
    }

    @Override
    public double rate(long step) {
        if (step >= tMax) {
            return minRate;
        }
        return minRate + (baseRate - minRate) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
