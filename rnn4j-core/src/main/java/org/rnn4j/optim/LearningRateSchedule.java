package org.rnn4j.optim;

/**
 * A learning rate as a pure function of the number of updates already applied, so a resumed run needs
 * nothing but {@link Optimizer#stepCount()}:
 * <pre>
 *   optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
 *   optimizer.step();
 * </pre>
 * The implementations are the closed forms of PyTorch's {@code torch.optim.lr_scheduler} classes, with
 * {@code step} in the role of {@code last_epoch} when the scheduler is stepped once per update.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The rate of the update that follows {@code step} (≥ 0) earlier ones. */
    double rate(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        return step -> rate;
    }
}
