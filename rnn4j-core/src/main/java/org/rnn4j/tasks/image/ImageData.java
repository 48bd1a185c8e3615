package org.rnn4j.tasks.image;

import org.rnn4j.data.Mnist;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.tasks.classify.ClassificationData;

/**
 * Images as one-step inputs: image n's pixels (rows·cols floats in [0, 1]) are the input x of a single
 * recurrent step, a batch (T = 1, B, rows·cols). {@code from..to} selects a range of the set's images.
 */
public final class ImageData implements ClassificationData {
    private final Mnist set;
    private final int from;
    private final int count;

    public ImageData(Mnist set, int from, int to) {
        if (from < 0 || to > set.count() || from > to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " outside 0.." + set.count());
        }
        this.set = set;
        this.from = from;
        this.count = to - from;
    }

    public ImageData(Mnist set) {
        this(set, 0, set.count());
    }

    @Override public int size() { return count; }
    @Override public int label(int i) { return set.labels()[from + i]; }
    @Override public int length(int i) { return 1; }

    public int imageSize() { return set.imageSize(); }

    @Override
    public SequenceBatch batch(int[] indices, int lo, int hi) {
        int size = set.imageSize();
        int b = hi - lo;
        float[] x = new float[b * size];
        int[] labels = new int[b];
        for (int k = 0; k < b; k++) {
            int n = from + indices[lo + k];
            System.arraycopy(set.pixels(), n * size, x, k * size, size);
            labels[k] = set.labels()[n];
        }
        return SequenceBatch.oneStep(x, b, labels);
    }
}
