package org.rnn4j.math;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java GEMM backend (JavaGemm, and VectorGemm where the Vector API module is loaded, as in this build's
 * tests) against a naive double-precision product, for every transpose case, offsets, strides and β.
 */
class JavaGemmTest {
    /** The backends under test with the given thread count. */
    static List<GemmBackend> backends(int threads) {
        List<GemmBackend> list = new ArrayList<>();
        list.add(new JavaGemm(threads));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            list.add(GemmBackends.select(GemmBackends.Kind.VECTOR, threads).backend());
        }
        return list;
    }

    @org.junit.jupiter.api.Test
    void theVectorBackendIsAvailableInTheseTests() {
        assertTrue(GemmBackends.select(GemmBackends.Kind.VECTOR, 1).backend() instanceof VectorGemm,
                "tests run with --add-modules jdk.incubator.vector");
    }

    static Stream<Arguments> cases() {
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

    @org.junit.jupiter.api.Test
    void betaZeroIgnoresNaNInC() {
        for (GemmBackend backend : backends(1)) {
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            backend.sgemm(false, false, 2, 2, 1, 1f, new float[] {1, 2}, 0, 1, new float[] {3, 4}, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {3, 4, 6, 8}, c, backend.name());
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("cases")
    void matchesNaiveProduct(int m, int n, int k, boolean transA, boolean transB, float beta) {
        Random rnd = new Random(m * 31L + n * 7L + k);
        int aOff = 3, bOff = 5, cOff = 2;
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + 2, ldb = bCols + 1, ldc = n + 3;
        float[] a = random(rnd, aOff + aRows * lda);
        float[] b = random(rnd, bOff + bRows * ldb);
        float[] c0 = random(rnd, cOff + m * ldc);
        float alpha = 0.75f;
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
        for (int threads : new int[] {1, 2, 3}) {
          for (GemmBackend backend : backends(threads)) {
            float[] c = c0.clone();
            backend.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            for (int i = 0; i < c.length; i++) {
                boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
                double tol = inside ? 1e-5 * (1 + k) : 0;
                assertTrue(Math.abs(c[i] - want[i]) <= tol, "element " + i + ": " + c[i] + " vs " + want[i]
                        + " with " + backend.name());
            }
          }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("cases")
    void resultDoesNotDependOnTheThreadCount(int m, int n, int k, boolean transA, boolean transB, float beta) {
        Random rnd = new Random(11);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c0 = random(rnd, m * n);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        List<GemmBackend> single = backends(1);
        List<GemmBackend> multi = backends(2);
        for (int i = 0; i < single.size(); i++) {
            float[] one = c0.clone();
            float[] two = c0.clone();
            single.get(i).sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, one, 0, n);
            multi.get(i).sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, two, 0, n);
            assertArrayEquals(one, two, single.get(i).name());
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
