package org.rnn4j.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * QuantizedMatrix: each weight is within half a step of the float it replaces; a product equals the double
 * sum over the quantized weights; the vector kernel, the scalar kernel and any thread count give the same bits.
 */
class QuantizedMatrixTest {
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {64, 64}, {65, 33}, {200, 513}, {2048, 64}, {130, 512}};
    private final GemmBackend saved = Gemm.backend();

    @AfterEach
    void restore() {
        Gemm.setBackend(saved);
    }

    /** Rows of very different magnitudes, one all zero, one with a single non-zero weight. */
    private static float[] weights(int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        float[] w = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            double magnitude = Math.pow(10, rnd.nextInt(7) - 4);
            for (int j = 0; j < cols; j++) {
                w[i * cols + j] = (float) (magnitude * rnd.nextGaussian());
            }
        }
        if (rows > 2) {
            java.util.Arrays.fill(w, cols, 2 * cols, 0f);
            java.util.Arrays.fill(w, 2 * cols, 3 * cols, 0f);
            w[2 * cols + cols / 2] = -0.75f;
        }
        return w;
    }

    private static float[] vector(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void everyWeightIsWithinHalfAStepAndTheLargestOfARowIsExact() {
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            float[] w = weights(rows, cols, rows * 31L + cols);
            for (boolean vec : new boolean[] {false, true}) {
                QuantizedMatrix m = QuantizedMatrix.of(w, 0, rows, cols, vec);
                for (int i = 0; i < rows; i++) {
                    float max = 0f;
                    for (int j = 0; j < cols; j++) {
                        max = Math.max(max, Math.abs(w[i * cols + j]));
                    }
                    assertEquals(max / 127f, m.scale(i), 0f, "scale of row " + i);
                    for (int j = 0; j < cols; j++) {
                        float err = Math.abs(w[i * cols + j] - m.weight(i, j));
                        // half a step, plus the float rounding of w / s and of s·q
                        assertTrue(err <= m.scale(i) * (0.5f + 1e-5f) + 2 * Math.ulp(max),
                                "weight (" + i + ", " + j + ") of " + rows + "×" + cols + ": error " + err);
                        if (Math.abs(w[i * cols + j]) == max && max > 0) {
                            assertEquals(w[i * cols + j], m.weight(i, j), Math.ulp(max) * 2);
                        }
                    }
                }
            }
        }
    }

    @Test
    void productEqualsTheDoubleSumOverTheQuantizedWeights() {
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            float[] w = weights(rows, cols, rows * 17L + cols);
            float[] x = new float[cols + 5];
            System.arraycopy(vector(cols, cols), 0, x, 5, cols);
            for (boolean vec : new boolean[] {false, true}) {
                QuantizedMatrix m = QuantizedMatrix.of(w, 0, rows, cols, vec);
                float[] y0 = vector(rows + 3, rows);
                float[] y = y0.clone();
                m.multiplyAdd(x, 5, y, 3);
                for (int i = 0; i < 3; i++) {
                    assertEquals(y0[i], y[i], 0f, "y before yOff written");
                }
                for (int i = 0; i < rows; i++) {
                    double sum = y0[3 + i];
                    double magnitude = Math.abs(sum);
                    for (int j = 0; j < cols; j++) {
                        double term = (double) m.weight(i, j) * x[5 + j];
                        sum += term;
                        magnitude += Math.abs(term);
                    }
                    assertEquals(sum, y[3 + i], 1e-5 * magnitude + 1e-30,
                            "row " + i + " of " + rows + "×" + cols + (vec ? " (vector)" : " (scalar)"));
                }
            }
        }
    }

    @Test
    void vectorKernelScalarKernelAndThreadCountsGiveTheSameBits() {
        assumeTrue(GemmBackends.vectorApiLoaded(), "no Vector API module");
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            float[] w = weights(rows, cols, rows * 7L + cols);
            float[] x = vector(cols, 3);
            QuantizedMatrix scalar = QuantizedMatrix.of(w, 0, rows, cols, false);
            QuantizedMatrix vec = QuantizedMatrix.of(w, 0, rows, cols, true);
            assertTrue(!scalar.vectorized());
            float[] expected = vector(rows, 11);
            Gemm.setBackend(new JavaGemm(1));
            scalar.multiplyAdd(x, 0, expected, 0);
            for (int threads : new int[] {1, 2, 3}) {
                Gemm.setBackend(new JavaGemm(threads));
                for (QuantizedMatrix m : new QuantizedMatrix[] {scalar, vec}) {
                    float[] y = vector(rows, 11);
                    m.multiplyAdd(x, 0, y, 0);
                    for (int i = 0; i < rows; i++) {
                        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(y[i]),
                                "row " + i + " of " + rows + "×" + cols + ", " + threads + " threads, "
                                        + (m.vectorized() ? "vector" : "scalar"));
                    }
                }
            }
        }
    }

    @Test
    void rejectsNonFiniteWeightsAndShortOperands() {
        float[] w = {1f, Float.NaN, 0f, 2f};
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.of(w, 0, 2, 2));
        QuantizedMatrix m = QuantizedMatrix.of(new float[] {1f, 2f, 3f, 4f}, 0, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> m.multiplyAdd(new float[1], 0, new float[2], 0));
        assertThrows(IllegalArgumentException.class, () -> m.multiplyAdd(new float[2], 0, new float[2], 1));
        assertThrows(IllegalArgumentException.class, () -> QuantizedMatrix.of(new float[0], 0, 0, 3));
    }
}
