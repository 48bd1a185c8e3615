package org.rnn4j.math;

/** The element-wise non-linearities of the recurrent cells, in float. */
public final class Activations {
    private Activations() {
    }

    /** σ(x) = 1 / (1 + e^-x), written so that neither branch overflows. */
    public static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    public static float relu(float x) {
        return x > 0f ? x : 0f;
    }
}
