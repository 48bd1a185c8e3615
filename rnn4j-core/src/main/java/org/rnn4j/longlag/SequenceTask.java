package org.rnn4j.longlag;

import org.rnn4j.math.Rng;

/**
 * A long-time-lag benchmark: sequences whose answer depends on inputs far back in time, the tests that show
 * whether a recurrent network's gradient survives the distance.
 */
public interface SequenceTask {
    /** The name on the command line, e.g. "adding". */
    String name();

    /** T, the length of every sequence. */
    int steps();

    /** I, the size of the input at each step. */
    int inputSize();

    /** K: outputs of a regression, or the number of classes. */
    int outputSize();

    Objective objective();

    /** B training sequences; {@code rng} draws them (tasks on a fixed dataset draw examples from it). */
    Batch trainingBatch(int size, Rng rng);

    /** The held-out sequences the task is judged on, split into batches of at most {@code batchSize}. */
    java.util.List<Batch> testSet(int batchSize);

    /** The loss of the best answer that ignores the long-range input (the level to beat), in the loss's unit. */
    double baselineLoss();

    /** For a class at every step: the first step whose prediction the accuracy counts (earlier ones are not scored). */
    default int firstScoredStep() {
        return 0;
    }

    /** Whether a test score (mean loss and, for classification, accuracy) counts as solving the task. */
    boolean solved(double testLoss, double testAccuracy);

    /** One line saying what success means, e.g. "test MSE < 0.01". */
    String successCriterion();
}
