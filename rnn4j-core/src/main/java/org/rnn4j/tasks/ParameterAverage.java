package org.rnn4j.tasks;

import org.rnn4j.nn.Parameters;

/**
 * An exponential moving average of a model's parameters over the optimizer's steps (Polyak averaging, as in
 * Polyak &amp; Juditsky 1992 and TensorFlow's {@code ExponentialMovingAverage}): the average sits nearer the middle
 * of the region the noisy mini-batch steps wander around, so it usually generalises better than the last step's
 * parameters and varies less from run to run. Training keeps updating the live parameters; {@link #swapIn()}
 * puts the average into the model (for validation, or to keep it) and {@link #swapOut()} puts the live
 * parameters back.
 *
 * <p>The average starts at zero and is divided by the total weight of the steps seen, so it is an exact weighted
 * mean of the parameters after steps 1..n (weight decay<sup>n−i</sup> for step i), not pulled towards zero early on
 * (the same correction as Adam's for its moments).
 */
public final class ParameterAverage {
    private final Parameters parameters;
    private final double decay;
    private final double[] sum;
    private final float[] live;
    private long steps;
    private boolean swapped;

    /**
     * @param decay the weight of the average so far at each step, in (0, 1): about 1 / (1 − decay) recent steps
     *              count (1,000 for 0.999)
     */
    public ParameterAverage(Parameters parameters, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("the average decay must be in (0, 1)");
        }
        this.parameters = parameters;
        this.decay = decay;
        this.sum = new double[parameters.size()];
        this.live = new float[parameters.size()];
    }

    /** Adds the current parameters (after an optimizer step) to the average. */
    public void update() {
        if (swapped) {
            throw new IllegalStateException("the average is in the model: swap the live parameters back first");
        }
        float[] w = parameters.data();
        // s ← d·s + (1 − d)·w
        double keep = decay;
        double add = 1 - decay;
        for (int i = 0; i < sum.length; i++) {
            sum[i] = keep * sum[i] + add * w[i];
        }
        steps++;
    }

    /** How many steps the average holds. */
    public long steps() {
        return steps;
    }

    /** The averaged value of parameter element {@code i}. */
    public double average(int i) {
        return sum[i] / weight();
    }

    /** Saves the live parameters and writes the average into the model (no-op before the first update). */
    public void swapIn() {
        if (swapped) {
            throw new IllegalStateException("the average is already in the model");
        }
        float[] w = parameters.data();
        System.arraycopy(w, 0, live, 0, live.length);
        swapped = true;
        if (steps == 0) {
            return;
        }
        double norm = weight();
        for (int i = 0; i < sum.length; i++) {
            w[i] = (float) (sum[i] / norm);
        }
    }

    /** Puts the live parameters saved by {@link #swapIn()} back. */
    public void swapOut() {
        if (!swapped) {
            throw new IllegalStateException("the average is not in the model");
        }
        System.arraycopy(live, 0, parameters.data(), 0, live.length);
        swapped = false;
    }

    // total weight of steps 1..n: (1 − d)·Σ d^(n−i) = 1 − d^n
    private double weight() {
        return 1 - Math.pow(decay, steps);
    }
}
