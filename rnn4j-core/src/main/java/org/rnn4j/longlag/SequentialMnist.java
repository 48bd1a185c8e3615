package org.rnn4j.longlag;

import org.rnn4j.data.Mnist;
import org.rnn4j.math.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * MNIST read by a recurrent network one row at a time (T = 28 steps of 28 pixels) or one pixel at a time
 * (T = 784 steps of 1 pixel, the IRNN paper's benchmark), the digit's class read from the last step. Training
 * batches draw images uniformly from the training set; the test set is MNIST's own 10,000 (or its first n).
 * Guessing the most frequent digit scores 11.35%; "solved" here means 97% test accuracy.
 */
public final class SequentialMnist implements SequenceTask {
    public static final double SOLVED_ACCURACY = 0.97;
    private final Mnist train;
    private final Mnist test;
    private final boolean pixels;

    /** @param pixels one pixel per step (T = 784), else one row per step (T = 28) */
    public SequentialMnist(Mnist train, Mnist test, boolean pixels) {
        this.train = train;
        this.test = test;
        this.pixels = pixels;
    }

    @Override public String name() { return pixels ? "mnist-pixels" : "mnist-rows"; }
    @Override public int steps() { return pixels ? train.imageSize() : train.rows(); }
    @Override public int inputSize() { return pixels ? 1 : train.cols(); }
    @Override public int outputSize() { return 10; }
    @Override public Objective objective() { return Objective.CLASSIFY_LAST_STEP; }

    @Override
    public Batch trainingBatch(int size, Rng rng) {
        int[] picks = new int[size];
        for (int b = 0; b < size; b++) {
            picks[b] = rng.nextInt(train.count());
        }
        return batchOf(train, picks);
    }

    @Override
    public List<Batch> testSet(int batchSize) {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < test.count(); start += batchSize) {
            int n = Math.min(batchSize, test.count() - start);
            int[] picks = new int[n];
            for (int b = 0; b < n; b++) {
                picks[b] = start + b;
            }
            batches.add(batchOf(test, picks));
        }
        return batches;
    }

    // image n's pixel p = r·28 + c goes to step t = p / I, input i = p % I (I = 28 for rows, 1 for pixels)
    private Batch batchOf(Mnist set, int[] picks) {
        int size = picks.length;
        int steps = steps();
        int in = inputSize();
        int pixelsPerImage = set.imageSize();
        float[] x = new float[steps * size * in];
        int[] labels = new int[size];
        for (int b = 0; b < size; b++) {
            int base = picks[b] * pixelsPerImage;
            for (int t = 0; t < steps; t++) {
                System.arraycopy(set.pixels(), base + t * in, x, (t * size + b) * in, in);
            }
            labels[b] = set.labels()[picks[b]];
        }
        return new Batch(x, steps, size, null, labels);
    }

    @Override
    public double baselineLoss() {
        return Math.log(10);
    }

    @Override
    public boolean solved(double testLoss, double testAccuracy) {
        return testAccuracy >= SOLVED_ACCURACY;
    }

    @Override
    public String successCriterion() {
        return "test accuracy ≥ 97% (guessing: 11%)";
    }
}
