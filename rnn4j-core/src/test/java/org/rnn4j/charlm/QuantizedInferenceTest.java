package org.rnn4j.charlm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.math.QuantizedMatrix;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RecurrentState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model with 8-bit weights computes what the float model computes when its weights are replaced by the
 * quantized values s_i·q_ij: the same logits at batch 1 and the same loss at batch > 1, for every cell. The
 * original float model gives other logits (the quantization is not a no-op), and training is refused.
 */
class QuantizedInferenceTest {
    private static final String TEXT = "the quick brown fox jumps over the lazy dog; THE QUICK BROWN FOX.\n";

    private static CharLanguageModel model(CellType cell) {
        CharLanguageModel m = new CharLanguageModel(new CharLanguageModel.Architecture(cell, 2, 40, 12),
                Vocabulary.of(TEXT), 0f, null);
        m.initialize(new Rng(5));
        return m;
    }

    /** A float copy of {@code m} whose recurrent and output weights are the values the quantized model uses. */
    private static CharLanguageModel dequantizedCopy(CharLanguageModel m, CellType cell) {
        CharLanguageModel copy = model(cell);
        copy.parameters().copyFrom(m.parameters());
        for (Param p : copy.parameters().list()) {
            boolean quantized = p.name().contains("weight_ih") || p.name().contains("weight_hh")
                    || p.name().equals("decoder.weight");
            if (!quantized) {
                continue;
            }
            int rows = p.shape()[0];
            int cols = p.shape()[1];
            QuantizedMatrix q = QuantizedMatrix.of(p.values(), 0, rows, cols);
            float[] v = new float[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    v[i * cols + j] = q.weight(i, j);
                }
            }
            p.set(v);
        }
        return copy;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void logitsAtBatchOneEqualThoseOfTheDequantizedFloatModel(CellType cell) {
        CharLanguageModel quantized = model(cell);
        CharLanguageModel reference = dequantizedCopy(quantized, cell);
        CharLanguageModel original = model(cell);
        quantized.useQuantizedWeights(true);
        assertTrue(quantized.usesQuantizedWeights());
        RecurrentState sq = quantized.newState(1);
        RecurrentState sr = reference.newState(1);
        RecurrentState so = original.newState(1);
        int[] ids = quantized.vocabulary().encode(TEXT);
        double largestShift = 0;
        for (int id : ids) {
            float[] lq = quantized.next(id, sq).clone();
            float[] lr = reference.next(id, sr).clone();
            float[] lo = original.next(id, so);
            for (int k = 0; k < lq.length; k++) {
                assertEquals(lr[k], lq[k], 2e-5 * (1 + Math.abs(lr[k])), cell + " logit " + k);
                largestShift = Math.max(largestShift, Math.abs(lo[k] - lq[k]));
            }
        }
        assertTrue(largestShift > 1e-4, "8-bit weights changed no logit: " + largestShift);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void lossAtBatchThreeEqualsThatOfTheDequantizedFloatModel(CellType cell) {
        CharLanguageModel quantized = model(cell);
        CharLanguageModel reference = dequantizedCopy(quantized, cell);
        quantized.useQuantizedWeights(true);
        int steps = 7;
        int batch = 3;
        int[] ids = quantized.vocabulary().encode(TEXT);
        int[] inputs = new int[steps * batch];
        int[] targets = new int[steps * batch];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                inputs[t * batch + b] = ids[b * 20 + t];
                targets[t * batch + b] = ids[b * 20 + t + 1];
            }
        }
        RecurrentState sq = quantized.newState(batch);
        RecurrentState sr = reference.newState(batch);
        for (int chunk = 0; chunk < 2; chunk++) {
            double lq = quantized.loss(inputs, targets, steps, batch, sq);
            double lr = reference.loss(inputs, targets, steps, batch, sr);
            assertEquals(lr, lq, 1e-5 * lr, cell + " chunk " + chunk);
        }
    }

    @Test
    void trainingIsRefusedWhileQuantizedAndAllowedAfter() {
        CharLanguageModel m = model(CellType.LSTM);
        m.useQuantizedWeights(true);
        int[] ids = {1, 2, 3, 4};
        int[] targets = {2, 3, 4, 5};
        assertThrows(IllegalStateException.class, () -> m.trainStep(ids, targets, 4, 1, m.newState(1)));
        m.useQuantizedWeights(false);
        assertFalse(m.usesQuantizedWeights());
        m.parameters().zeroGrad();
        assertTrue(Double.isFinite(m.trainStep(ids, targets, 4, 1, m.newState(1))));
    }

    @Test
    void aWeightThatIsNotANumberIsNamedAndLeavesTheModelUnquantized() {
        CharLanguageModel m = model(CellType.GRU);
        Param w = m.parameters().get("rnn.weight_hh_l1");
        float[] v = w.values();
        v[7] = Float.NaN;
        w.set(v);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.useQuantizedWeights(true));
        assertTrue(e.getMessage().startsWith("cannot quantize rnn.weight_hh_l1: weight (0, 7) is NaN"),
                e.getMessage());
        assertFalse(m.usesQuantizedWeights());
        for (var layer : m.rnn().directionLayers()) {
            assertFalse(layer.usesQuantizedWeights(), "layer left quantized");
        }
    }
}
