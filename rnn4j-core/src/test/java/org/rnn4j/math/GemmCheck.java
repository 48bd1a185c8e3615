package org.rnn4j.math;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks a {@link GemmBackend} against a naive double-precision product; shared by the tests of every backend
 * (rnn4j-openblas uses it through rnn4j-core's test jar).
 */
public final class GemmCheck {
    private GemmCheck() {
    }

    /**
     * The small cases every backend is checked on: (m, n, k, transA, transB, beta) over six shapes (m = 1, n = 1,
     * k over one register block), both transposes and β 0, 1 and 0.5. For {@code @MethodSource}.
     */
    public static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{1, 7, 5}, {1, 64, 33}, {3, 1, 4}, {17, 9, 300}, {64, 96, 40}, {130, 70, 129}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 1f, 0.5f}) {
                        out.add(Arguments.of(s[0], s[1], s[2], ta, tb, beta));
                    }
                }
            }
        }
        return out.stream();
    }

    /**
     * C = α·op(A)·op(B) + β·C with offsets and leading dimensions larger than the matrices, against doubles;
     * elements of C outside the m×n window must not change.
     */
    public static void assertMatchesNaive(GemmBackend gemm, int m, int n, int k, boolean transA, boolean transB,
                                          float alpha, float beta) {
        Random rnd = new Random(m * 31L + n * 7L + k);
        int aOff = 3, bOff = 5, cOff = 2;
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
        float[] a = random(rnd, aOff + aRows * lda);
        float[] b = random(rnd, bOff + bRows * ldb);
        float[] c0 = random(rnd, cOff + m * ldc);
        double[] want = new double[c0.length];
        for (int i = 0; i < c0.length; i++) {
            want[i] = c0[i];
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                int idx = cOff + i * ldc + j;
                want[idx] = alpha * s + beta * c0[idx];
            }
        }
        float[] c = c0.clone();
        gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            double tol = inside ? 1e-5 * (1 + k) * Math.max(1, Math.abs(alpha)) : 0;
            assertTrue(Math.abs(c[i] - want[i]) <= tol, "element " + i + ": " + c[i] + " vs " + want[i]
                    + " with " + gemm.name() + ", alpha " + alpha);
        }
    }

    /** n values uniform in [-1, 1). */
    public static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
