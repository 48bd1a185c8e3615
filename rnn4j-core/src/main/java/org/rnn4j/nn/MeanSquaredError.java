package org.rnn4j.nn;

/**
 * Mean squared error over N rows of K outputs: L = (1 / N·K) Σ_n Σ_k (y_nk − target_nk)², PyTorch's
 * {@code F.mse_loss(y, target)} with its default mean reduction. ∂L/∂y_nk = 2 (y_nk − target_nk) / (N·K).
 */
public final class MeanSquaredError {
    private float[] dOutput = new float[0];

    /** Computes the loss and keeps ∂L/∂y for {@link #gradient()}. */
    public double forward(float[] y, int rows, int cols, float[] targets) {
        int n = rows * cols;
        if (y.length < n || targets.length < n) {
            throw new IllegalArgumentException("outputs and targets need N·K = " + n + " values");
        }
        if (dOutput.length < n) {
            dOutput = new float[n];
        }
        double sum = 0;
        float scale = 2f / n;
        for (int i = 0; i < n; i++) {
            float diff = y[i] - targets[i];
            sum += (double) diff * diff;
            dOutput[i] = scale * diff;
        }
        return sum / n;
    }

    /** ∂L/∂y (N, K) of the last forward call; the object's own buffer. */
    public float[] gradient() {
        return dOutput;
    }
}
