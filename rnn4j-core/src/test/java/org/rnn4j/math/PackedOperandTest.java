package org.rnn4j.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vector backend's packed operand: C += A·op(B) gives the same bits as VectorGemm's sgemm with α = β = 1
 * (so a time loop computes the same whether or not it packs), on shapes with every kind of edge (m not a
 * multiple of 4, n with 3L-wide, L-wide and narrower column panels), B plain and transposed, operands at
 * offsets inside larger arrays; and the result is the product, against a double-precision one.
 */
class PackedOperandTest {
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void packedProductEqualsVectorGemmBitForBit(int threads) {
        // with 2 threads the 3L-wide panels of a large operand (k·n ≥ 2^16: 512 × 128, 2048 × 64) are packed by
        // the threads together
        GemmBackend vector = GemmBackends.vectorIfLoaded(threads);
        assumeTrue(vector != null, "the JVM runs without the Vector API module");
        Random rnd = new Random(3);
        // {m, n, k}; with 16 lanes, n = 100 is two 48-wide panels and four columns, n = 67 one panel, one
        // 16-wide panel and three columns, n = 128 and 130 two panels and one 32-wide (and two columns). Rows:
        // 5-row blocks (16 lanes) and 4-row blocks, then one to three single rows (m = 25: 5 × 5; 26: 5, 5, 4, 4,
        // 4, 4; 27, 15, 6: 5 + 1; 7: 5 + 1 + 1; 11: 5, 5, 1; 3); k = 129, 130, 257, 300 take
        // two or three k-blocks of 128 (the last one short), the running sums carried between them. (One row with B
        // transposed is VectorGemm's dot-product path, summed in another order; the layers never pack for it.)
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 48, 16}, {25, 512, 128}, {7, 100, 33}, {9, 67, 130},
                {50, 18, 72}, {25, 128, 64}, {26, 130, 40}, {27, 80, 9}, {15, 512, 17}, {6, 128, 5},
                {11, 64, 12}, {25, 100, 300}, {6, 96, 257}, {3, 48, 129}, {5, 2048, 64}};
        for (int[] shape : shapes) {
            for (boolean transB : new boolean[] {false, true}) {
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                int lda = k + 3;
                int ldb = (transB ? k : n) + 2;
                int ldc = n + 1;
                float[] a = random(rnd, 5 + m * lda);
                float[] b = random(rnd, 11 + (transB ? n : k) * ldb);
                float[] c = random(rnd, 2 + m * ldc);
                float[] expected = c.clone();
                vector.sgemm(false, transB, m, n, k, 1f, a, 5, lda, b, 11, ldb, 1f, expected, 2, ldc);

                PackedOperand packed = vector.packRight(transB, k, n);
                packed.pack(b, 11, ldb);
                float[] got = c.clone();
                packed.multiplyAdd(m, a, 5, lda, got, 2, ldc);
                String what = m + "x" + n + "x" + k + (transB ? " B transposed" : "");
                assertArrayEquals(expected, got, what);

                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = c[2 + i * ldc + j];
                        for (int p = 0; p < k; p++) {
                            want += (double) a[5 + i * lda + p] * (transB ? b[11 + j * ldb + p] : b[11 + p * ldb + j]);
                        }
                        assertEquals(want, got[2 + i * ldc + j], 1e-5 * (1 + k), what + " element " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void rowsAreSplitIntoBlocksOfFiveAndFourWithTheFewestSingleRows() {
        for (int m = 0; m <= 64; m++) {
            int fives = VectorPackedOperand.fiveRowBlocks(m);
            int singles = (m - 5 * fives) % 4;
            if (m >= 12) {
                assertEquals(0, singles, "m = " + m + " is 5a + 4b");
            }
            for (int a = 0; 5 * a <= m; a++) {
                int other = (m - 5 * a) % 4;
                String why = "m = " + m + ": " + a + " blocks of five";
                assertTrue(other > singles || other == singles && a <= fives, why);
            }
        }
        assertEquals(5, VectorPackedOperand.fiveRowBlocks(25));
        assertEquals(4, VectorPackedOperand.fiveRowBlocks(24));
        assertEquals(0, VectorPackedOperand.fiveRowBlocks(8));
    }

    @Test
    void thePlainJavaBackendHasNoPackedForm() {
        assertNull(new JavaGemm(2).packRight(true, 4, 4));
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
