package org.rnn4j.charlm;

import org.rnn4j.math.Rng;

import java.util.Arrays;

/**
 * Draws the next character from a model's logits: p = softmax(logits / temperature), optionally restricted to
 * the k most likely characters, or the single most likely one ({@code argmax}). The same seed gives the same
 * draws.
 */
public final class Sampler {
    private final double temperature;
    private final int topK;
    private final boolean argmax;
    private final Rng rng;
    private double[] probs = new double[0];
    private float[] sorted = new float[0];

    /**
     * @param temperature &gt; 0; below 1 sharpens the distribution, above 1 flattens it
     * @param topK        keep only the k most likely characters (0 = all)
     * @param argmax      always take the most likely character (temperature and top-k are then irrelevant)
     */
    public Sampler(double temperature, int topK, boolean argmax, Rng rng) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 (off) or positive");
        }
        this.temperature = temperature;
        this.topK = topK;
        this.argmax = argmax;
        this.rng = rng;
    }

    public Rng rng() {
        return rng;
    }

    /** Picks an id from the first {@code v} logits. */
    public int pick(float[] logits, int v) {
        if (argmax) {
            int best = 0;
            for (int k = 1; k < v; k++) {
                if (logits[k] > logits[best]) {
                    best = k;
                }
            }
            return best;
        }
        if (probs.length < v) {
            probs = new double[v];
            sorted = new float[v];
        }
        float threshold = Float.NEGATIVE_INFINITY;
        if (topK > 0 && topK < v) {
            System.arraycopy(logits, 0, sorted, 0, v);
            Arrays.sort(sorted, 0, v);
            threshold = sorted[v - topK];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v; k++) {
            max = Math.max(max, logits[k]);
        }
        // p_k ∝ exp((z_k - max) / temperature) over the kept characters
        double sum = 0;
        for (int k = 0; k < v; k++) {
            probs[k] = logits[k] >= threshold ? Math.exp((logits[k] - max) / temperature) : 0.0;
            sum += probs[k];
        }
        double u = rng.nextDouble() * sum;
        int last = 0;
        for (int k = 0; k < v; k++) {
            if (probs[k] > 0) {
                last = k;
                u -= probs[k];
                if (u < 0) {
                    return k;
                }
            }
        }
        return last;
    }
}
