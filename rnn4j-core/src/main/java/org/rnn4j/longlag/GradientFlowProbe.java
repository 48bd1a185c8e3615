package org.rnn4j.longlag;

import org.rnn4j.nn.RecurrentLayer;

/**
 * Measures how the gradient of a loss on the last step shrinks (or grows) as it is carried back through time:
 * for every t = 1 … T, the norm ‖∂L_b/∂h_t‖ of each sequence b's own loss with respect to its state after
 * step t, averaged over the batch; for an LSTM also ‖∂L_b/∂c_t‖. In a tanh RNN each step back multiplies the
 * gradient by W_hhᵀ diag(1 − h_t²), so it decays exponentially with distance; the LSTM's cell state passes it
 * back through ⊙ f only.
 *
 * <p>The loss of the batch is the mean over sequences, so ∂L/∂h_t of sequence b is ∂L_b/∂h_t / B; the norms
 * are multiplied by B to give each sequence's own. Parameter gradients are left zero.
 */
public final class GradientFlowProbe {
    /** Mean norms by step: {@code hNorms[t-1]} = mean_b ‖∂L_b/∂h_t‖; {@code cNorms} null for cells without c. */
    public record Profile(double loss, double[] hNorms, double[] cNorms) {
    }

    private GradientFlowProbe() {
    }

    public static Profile measure(LongLagModel model, Batch batch) {
        if (!model.objective().lastStepOnly()) {
            throw new IllegalArgumentException("gradient flow is measured for a loss on the last step only");
        }
        RecurrentLayer layer = model.recurrentLayer();
        layer.setRecordStateGradients(true);
        try {
            double loss = model.forward(batch);
            model.backward();
            model.parameters().zeroGrad();   // the probe's backward is not an update: leave no gradient behind
            double[] h = meanNorms(layer.stateGradients(), batch, layer.hiddenSize());
            double[] c = layer.cell().hasCellState() ? meanNorms(layer.cellGradients(), batch, layer.hiddenSize()) : null;
            return new Profile(loss, h, c);
        } finally {
            layer.setRecordStateGradients(false);
        }
    }

    // g is (T, B, H); returns B · mean_b ‖g[t, b, :]‖ for each t
    private static double[] meanNorms(float[] g, Batch batch, int hidden) {
        int steps = batch.steps();
        int size = batch.size();
        double[] norms = new double[steps];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (int b = 0; b < size; b++) {
                double sq = 0;
                int o = (t * size + b) * hidden;
                for (int j = 0; j < hidden; j++) {
                    sq += (double) g[o + j] * g[o + j];
                }
                sum += Math.sqrt(sq);
            }
            norms[t] = sum;   // = B · (1/B) Σ_b ‖·‖
        }
        return norms;
    }
}
