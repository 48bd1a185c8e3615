package org.rnn4j.nn;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {
    /** The (rows, cols) block starting at row {@code row0} of a parameter, in double. */
    private static double[][] block(Param p, int row0, int rows) {
        int cols = p.size() / p.shape()[0];
        float[] v = p.values();
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = v[(row0 + r) * cols + c];
            }
        }
        return m;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                t[c][r] = m[r][c];
            }
        }
        return t;
    }

    /** Asserts that the rows of m are orthonormal: m mᵀ = I within 1e-5. */
    private static void assertOrthonormalRows(double[][] m, String what) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                double dot = 0;
                for (int k = 0; k < m[0].length; k++) {
                    dot += m[i][k] * m[j][k];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5, what + " (" + i + ", " + j + ")");
            }
        }
    }

    private static Parameters lstmWeights(int gatesRows, int cols) {
        Parameters params = new Parameters();
        params.add("before", 3);
        params.add("w", gatesRows, cols);
        params.add("after", 3);
        return params;
    }

    private static void assertNeighboursUntouched(Parameters params) {
        assertArrayEquals(new float[3], params.get("before").values());
        assertArrayEquals(new float[3], params.get("after").values());
    }

    @Test
    void uniformStaysWithinTheBoundAndFillsIt() {
        int hidden = 16;
        Parameters params = lstmWeights(4 * hidden, 8);
        Param w = params.get("w");
        double bound = 1 / Math.sqrt(hidden);
        Init.uniform(w, bound, new Rng(3));
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : w.values()) {
            assertTrue(Math.abs(x) <= (float) bound, "outside the bound: " + x);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(min < -0.95 * bound && max > 0.95 * bound, "range [" + min + ", " + max + "]");
        assertNeighboursUntouched(params);
    }

    @Test
    void normalHasTheRequestedSpread() {
        Parameters params = new Parameters();
        Param e = params.add("embedding", 200, 100);
        Init.normal(e, 0.5, new Rng(11));
        double sum = 0;
        double sumSq = 0;
        for (float x : e.values()) {
            sum += x;
            sumSq += (double) x * x;
        }
        int n = e.size();
        double mean = sum / n;
        assertEquals(0, mean, 0.02);
        assertEquals(0.5, Math.sqrt(sumSq / n - mean * mean), 0.02);
    }

    @Test
    void sameSeedSameValuesOtherSeedOtherValues() {
        Param a = new Parameters().add("w", 12, 5);
        Param b = new Parameters().add("w", 12, 5);
        Param c = new Parameters().add("w", 12, 5);
        Init.orthogonalBlocks(a, 4, new Rng(42));
        Init.orthogonalBlocks(b, 4, new Rng(42));
        Init.orthogonalBlocks(c, 4, new Rng(43));
        assertArrayEquals(a.values(), b.values());
        assertFalse(Arrays.equals(a.values(), c.values()));

        Init.uniform(a, 0.1, new Rng(42));
        Init.uniform(b, 0.1, new Rng(42));
        assertArrayEquals(a.values(), b.values());
        Init.normal(a, 1, new Rng(42));
        Init.normal(b, 1, new Rng(42));
        assertArrayEquals(a.values(), b.values());
    }

    @Test
    void squareGateBlocksAreOrthogonal() {
        int hidden = 16;
        Parameters params = lstmWeights(4 * hidden, hidden);
        Param w = params.get("w");
        Init.orthogonalBlocks(w, hidden, new Rng(5));
        for (int g = 0; g < 4; g++) {
            double[][] b = block(w, g * hidden, hidden);
            assertOrthonormalRows(b, "W Wᵀ of gate " + g);
            assertOrthonormalRows(transpose(b), "Wᵀ W of gate " + g);
        }
        assertNeighboursUntouched(params);
    }

    @Test
    void wideBlocksHaveOrthonormalRowsAndTallBlocksOrthonormalColumns() {
        int hidden = 16;
        Param wide = new Parameters().add("w", 4 * hidden, 24);
        Init.orthogonalBlocks(wide, hidden, new Rng(6));
        Param tall = new Parameters().add("w", 4 * hidden, 5);
        Init.orthogonalBlocks(tall, hidden, new Rng(7));
        for (int g = 0; g < 4; g++) {
            assertOrthonormalRows(block(wide, g * hidden, hidden), "wide gate " + g);
            assertOrthonormalRows(transpose(block(tall, g * hidden, hidden)), "tall gate " + g);
        }
        Param whole = new Parameters().add("w", 6, 10);
        Init.orthogonal(whole, new Rng(8));
        assertOrthonormalRows(block(whole, 0, 6), "whole wide matrix");
    }

    /**
     * torch.nn.init.orthogonal_'s sign correction makes Q the one with a positive diagonal in R, which is what
     * Gram–Schmidt yields: redraw the same Gaussian block and orthonormalise its columns (of its transpose when
     * it is wide) by classical Gram–Schmidt.
     */
    @Test
    void signConventionIsThatOfGramSchmidt() {
        for (int[] shape : new int[][] {{7, 7}, {9, 4}, {3, 8}}) {
            int rows = shape[0];
            int cols = shape[1];
            Param w = new Parameters().add("w", rows, cols);
            Init.orthogonal(w, new Rng(99));

            Rng rng = new Rng(99);
            double[][] a = new double[rows][cols];
            for (double[] row : a) {
                for (int c = 0; c < cols; c++) {
                    row[c] = rng.nextGaussian();
                }
            }
            boolean wide = rows < cols;
            double[][] columns = wide ? a : transpose(a);     // the vectors to orthonormalise, one per row
            double[][] q = new double[columns.length][];
            for (int j = 0; j < columns.length; j++) {
                double[] v = columns[j].clone();
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < v.length; i++) {
                        dot += q[k][i] * columns[j][i];
                    }
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= dot * q[k][i];
                    }
                }
                double norm = 0;
                for (double x : v) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < v.length; i++) {
                    v[i] /= norm;
                }
                q[j] = v;
            }
            double[][] expected = wide ? q : transpose(q);
            double[][] actual = block(w, 0, rows);
            for (int r = 0; r < rows; r++) {
                assertArrayEquals(expected[r], actual[r], 1e-5, rows + "x" + cols + " row " + r);
            }
        }
    }

    @Test
    void identityInEverySquareBlock() {
        Param w = new Parameters().add("w", 3 * 4, 4);
        Init.uniform(w, 1, new Rng(1));
        Init.identity(w, 0.5f);
        float[] v = w.values();
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(r % 4 == c ? 0.5f : 0f, v[r * 4 + c], "(" + r + ", " + c + ")");
            }
        }
        Param irnn = new Parameters().add("weight_hh_l0", 5, 5);
        Init.identity(irnn, 1f);
        assertArrayEquals(block(irnn, 0, 5)[2], new double[] {0, 0, 1, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> Init.identity(new Parameters().add("w", 4, 3), 1f));
    }

    @Test
    void forgetGateBiasSetsOnlyTheForgetSlices() {
        int h = 3;
        Parameters params = new Parameters();
        Param ih = params.add("bias_ih_l0", 4 * h);
        Param hh = params.add("bias_hh_l0", 4 * h);
        Init.uniform(ih, 1, new Rng(2));
        Init.uniform(hh, 1, new Rng(3));
        float[] ihBefore = ih.values();
        float[] hhBefore = hh.values();
        Init.setForgetGateBias(ih, hh, h, 1f);
        float[] ihAfter = ih.values();
        float[] hhAfter = hh.values();
        for (int i = 0; i < 4 * h; i++) {
            boolean forget = i >= h && i < 2 * h;
            assertEquals(forget ? 1f : ihBefore[i], ihAfter[i], "bias_ih[" + i + "]");
            assertEquals(forget ? 0f : hhBefore[i], hhAfter[i], "bias_hh[" + i + "]");
        }
        assertThrows(IllegalArgumentException.class, () -> Init.setForgetGateBias(ih, hh, 4, 1f));
    }

    @Test
    void orthogonalRejectsShapesThatDoNotSplit() {
        Param w = new Parameters().add("w", 10, 4);
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonalBlocks(w, 4, new Rng(1)));
        Param v = new Parameters().add("b", 10);
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(v, new Rng(1)));
    }
}
