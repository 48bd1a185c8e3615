package org.rnn4j.longlag;

import org.rnn4j.math.Rng;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997, in the form of Le, Jaitly &amp; Hinton 2015): each step
 * has two inputs, a number drawn uniformly from [0, 1) and a marker; exactly two steps are marked, one in the
 * first half of the sequence and one in the second, and the target is the sum of the two marked numbers, read
 * from the last step. Predicting 1 whatever the input gives MSE = Var(u₁ + u₂) = 2/12 ≈ 0.167; the task counts as
 * solved at a test MSE below 0.01.
 */
public final class AddingProblem extends GeneratedTask {
    public static final double SOLVED_BELOW = 0.01;
    private final int steps;

    /** @param testSize held-out sequences, drawn from their own generator seeded with {@code testSeed} */
    public AddingProblem(int steps, int testSize, long testSeed) {
        super(testSize, testSeed);
        if (steps < 2) {
            throw new IllegalArgumentException("the adding problem needs at least 2 steps");
        }
        this.steps = steps;
    }

    @Override public String name() { return "adding"; }
    @Override public int steps() { return steps; }
    @Override public int inputSize() { return 2; }
    @Override public int outputSize() { return 1; }
    @Override public Objective objective() { return Objective.REGRESSION_LAST_STEP; }

    @Override
    public Batch trainingBatch(int size, Rng rng) {
        float[] x = new float[steps * size * 2];
        float[] sums = new float[size];
        int half = steps / 2;
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < steps; t++) {
                x[(t * size + b) * 2] = rng.nextFloat();
            }
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(steps - half);
            x[(first * size + b) * 2 + 1] = 1f;
            x[(second * size + b) * 2 + 1] = 1f;
            sums[b] = x[(first * size + b) * 2] + x[(second * size + b) * 2];
        }
        return new Batch(x, steps, size, sums, null);
    }

    @Override
    public double baselineLoss() {
        return 1.0 / 6.0;
    }

    @Override
    public boolean solved(double testLoss, double testAccuracy) {
        return testLoss < SOLVED_BELOW;
    }

    @Override
    public String successCriterion() {
        return "test MSE < " + SOLVED_BELOW + " (predicting 1 gives 0.167)";
    }
}
