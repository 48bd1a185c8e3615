package org.rnn4j.longlag;

import org.rnn4j.math.Rng;

/**
 * The copy-memory task (Hochreiter &amp; Schmidhuber 1997; in this form Arjovsky, Shah &amp; Bengio 2016): the first
 * 10 steps show symbols drawn from 8 (ids 1–8), then come {@code gap} − 1 blanks (id 0), a delimiter (id 9) and
 * 10 more blanks; the network must output blank at every step until the delimiter has passed and then repeat
 * the 10 symbols in order. T = gap + 20, inputs one-hot over 10 ids, a class per step. A network that outputs
 * blanks and then guesses evenly among the 8 symbols has cross-entropy 10·ln 8 / T per step, the baseline;
 * solved when 99% of the recalled symbols on the test set are right.
 */
public final class CopyMemory extends GeneratedTask {
    public static final int SYMBOLS = 10;
    public static final int CATEGORIES = 8;
    public static final int BLANK = 0;
    public static final int DELIMITER = 9;
    public static final double SOLVED_ACCURACY = 0.99;
    private final int gap;

    public CopyMemory(int gap, int testSize, long testSeed) {
        super(testSize, testSeed);
        if (gap < 1) {
            throw new IllegalArgumentException("the copy task needs a gap of at least 1 step");
        }
        this.gap = gap;
    }

    @Override public String name() { return "copy"; }
    @Override public int steps() { return gap + 2 * SYMBOLS; }
    @Override public int inputSize() { return SYMBOLS; }
    @Override public int outputSize() { return SYMBOLS; }
    @Override public Objective objective() { return Objective.CLASSIFY_EVERY_STEP; }

    /** The steps whose targets are recalled symbols (the last 10); the others' targets are blank. */
    public int firstRecallStep() {
        return gap + SYMBOLS;
    }

    @Override
    public int firstScoredStep() {
        return firstRecallStep();
    }

    @Override
    public Batch trainingBatch(int size, Rng rng) {
        int steps = steps();
        float[] x = new float[steps * size * SYMBOLS];
        int[] targets = new int[steps * size];   // all BLANK (0) unless set below
        for (int b = 0; b < size; b++) {
            for (int k = 0; k < SYMBOLS; k++) {
                int symbol = 1 + rng.nextInt(CATEGORIES);
                x[(k * size + b) * SYMBOLS + symbol] = 1f;
                targets[(firstRecallStep() + k) * size + b] = symbol;
            }
            for (int t = SYMBOLS; t < steps; t++) {
                int id = t == firstRecallStep() - 1 ? DELIMITER : BLANK;
                x[(t * size + b) * SYMBOLS + id] = 1f;
            }
        }
        return new Batch(x, steps, size, null, targets);
    }

    @Override
    public double baselineLoss() {
        return SYMBOLS * Math.log(CATEGORIES) / steps();
    }

    @Override
    public boolean solved(double testLoss, double testAccuracy) {
        return testAccuracy >= SOLVED_ACCURACY;
    }

    @Override
    public String successCriterion() {
        return "≥ 99% of recalled symbols right (guessing: 12.5%)";
    }
}
