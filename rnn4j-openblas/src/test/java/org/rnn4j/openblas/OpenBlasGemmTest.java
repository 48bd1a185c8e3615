package org.rnn4j.openblas;

import org.rnn4j.math.GemmCheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.math.GemmBackends;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenBlasGemm against a naive double-precision product: JavaGemmTest's cases (every transpose case, offsets,
 * leading dimensions, β 0, 1 and 0.5, m = 1), more α, the edge cases, and reproducibility.
 */
class OpenBlasGemmTest {
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

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("cases")
    void matchesNaiveProduct(int m, int n, int k, boolean transA, boolean transB, float beta) {
        for (float alpha : new float[] {0.75f, 1f, -2f}) {
            for (int threads : new int[] {1, 2, 3}) {
                check(new OpenBlasGemm(threads), m, n, k, transA, transB, alpha, beta);
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @MethodSource("transposes")
    void alphaZeroScalesC(boolean transA, boolean transB) {
        check(new OpenBlasGemm(2), 40, 30, 20, transA, transB, 0f, 0.5f);
        check(new OpenBlasGemm(2), 40, 30, 20, transA, transB, 0f, 0f);
    }

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    /** C = α·op(A)·op(B) + β·C against doubles; elements of C outside the m×n window must not change. */
    private static void check(OpenBlasGemm gemm, int m, int n, int k, boolean transA, boolean transB, float alpha,
                              float beta) {
        GemmCheck.assertMatchesNaive(gemm, m, n, k, transA, transB, alpha, beta);
    }

    /** The shapes of the layers' products and larger ones, where OpenBLAS splits the work between threads. */
    static Stream<Arguments> largeCases() {
        return Stream.of(
                Arguments.of(256, 512, 64, false, true),
                Arguments.of(50, 512, 300, false, true),
                Arguments.of(512, 300, 700, true, false),
                Arguments.of(700, 256, 512, false, false),
                Arguments.of(1, 2048, 512, false, true),
                Arguments.of(1, 700, 900, true, false),
                Arguments.of(2000, 1, 512, false, false),
                Arguments.of(600, 1, 700, true, true),
                Arguments.of(33, 2000, 129, true, true));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("largeCases")
    void sameInputsSameThreadCountGiveIdenticalBits(int m, int n, int k, boolean transA, boolean transB) {
        Random rnd = new Random(5);
        float[] a = GemmCheck.random(rnd, m * k);
        float[] b = GemmCheck.random(rnd, k * n);
        float[] c0 = GemmCheck.random(rnd, m * n);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        for (int threads : new int[] {1, 2, 4}) {
            OpenBlasGemm gemm = new OpenBlasGemm(threads);
            float[] first = null;
            for (int run = 0; run < 3; run++) {
                float[] c = c0.clone();
                gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n);
                if (run == 0) {
                    first = c;
                } else {
                    assertArrayEquals(first, c, "run " + run + " with " + threads + " threads");
                }
            }
            // in between, another thread count and other shapes: the same inputs still give the same bits
            float[] other = new float[64 * 64];
            new OpenBlasGemm(threads == 1 ? 2 : 1).sgemm(false, false, 64, 64, 64, 1f, GemmCheck.random(rnd, 4096), 0, 64,
                    GemmCheck.random(rnd, 4096), 0, 64, 0f, other, 0, 64);
            float[] again = c0.clone();
            gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, again, 0, n);
            assertArrayEquals(first, again, "after other products, with " + threads + " threads");
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("largeCases")
    void largeProductsMatchNaiveProduct(int m, int n, int k, boolean transA, boolean transB) {
        for (int threads : new int[] {1, 2}) {
            check(new OpenBlasGemm(threads), m, n, k, transA, transB, 0.75f, 0.5f);
        }
    }

    @Test
    void betaZeroOverwritesNanAndInfinityInC() {
        int[][] shapes = {{1, 1, 1}, {1, 7, 5}, {3, 4, 2}, {8, 8, 8}, {17, 9, 300}, {64, 96, 40}, {1, 2048, 512},
                {300, 1, 64}, {300, 257, 129}, {512, 512, 64}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int threads : new int[] {1, 2}) {
                        float[] a = new float[m * k];
                        float[] b = new float[k * n];
                        Arrays.fill(a, 1f);
                        Arrays.fill(b, 2f);
                        float[] c = new float[m * n];
                        for (int i = 0; i < c.length; i++) {
                            c[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                        }
                        new OpenBlasGemm(threads).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n,
                                0f, c, 0, n);
                        for (int i = 0; i < c.length; i++) {
                            assertEquals(2f * k, c[i], "element " + i + " of " + m + "x" + n + "x" + k + " transA="
                                    + ta + " transB=" + tb + " threads=" + threads);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 1f, 0.5f})
    void kZeroScalesCByBetaAndReadsNeitherAnorB(float beta) {
        float[] c = {Float.NaN, 1, 2, 3, 4, 5, 6, 7};
        float[] expected = beta == 0f ? new float[] {Float.NaN, 0, 0, 0, 4, 0, 0, 0}
                : new float[] {Float.NaN, beta, 2 * beta, 3 * beta, 4, 5 * beta, 6 * beta, 7 * beta};
        // C is 2x3 at offset 1 with ldc 4; A and B are empty, their leading dimensions 0
        new OpenBlasGemm(2).sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 0, beta, c, 1, 4);
        assertArrayEquals(expected, c);
        float[] nan = {Float.NaN, Float.NaN};
        new OpenBlasGemm().sgemm(true, true, 1, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 0, 0f, nan, 0, 2);
        assertArrayEquals(new float[2], nan);
    }

    @Test
    void mOrNZeroChangesNothing() {
        float[] c = {1, 2, 3};
        OpenBlasGemm gemm = new OpenBlasGemm(2);
        gemm.sgemm(false, false, 0, 3, 4, 1f, new float[0], 0, 4, new float[12], 0, 3, 0f, c, 0, 3);
        gemm.sgemm(true, true, 3, 0, 4, 1f, new float[12], 0, 3, new float[0], 0, 4, 0f, c, 0, 0);
        gemm.sgemm(false, false, 0, 0, 0, 1f, new float[0], 0, 0, new float[0], 0, 0, 0f, new float[0], 0, 0);
        assertArrayEquals(new float[] {1, 2, 3}, c);
    }

    @Test
    void outOfBoundsArgumentsAreRefusedBeforeNativeCode() {
        OpenBlasGemm gemm = new OpenBlasGemm();
        float[] a = new float[6];   // 2x3
        float[] b = new float[12];  // 3x4
        float[] c = new float[8];   // 2x4
        float[] untouched = c.clone();
        assertThrows(IndexOutOfBoundsException.class,
                () -> gemm.sgemm(false, false, 2, 4, 3, 1f, a, 1, 3, b, 0, 4, 0f, c, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 1, 4, 0f, c, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 1, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> gemm.sgemm(false, false, 2, 4, 3, 1f, a, -1, 3, b, 0, 4, 0f, c, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,   // as Aᵀ, A is 3x2 with ld 2: 6 elements, at 0: fits;
                () -> gemm.sgemm(true, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4)); // with ld 3: 8
        assertThrows(IllegalArgumentException.class,
                () -> gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 2, b, 0, 4, 0f, c, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> gemm.sgemm(false, true, 2, 4, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> gemm.sgemm(false, false, -1, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new OpenBlasGemm(0));
        assertArrayEquals(untouched, c);
        // the largest product that fits is accepted
        gemm.sgemm(true, false, 2, 4, 3, 1f, a, 0, 2, b, 0, 4, 0f, c, 0, 4);
    }

    @Test
    void isAvailableAndSelectedAutomatically() {
        assertTrue(OpenBlasGemm.isAvailable(), () -> OpenBlasGemm.unavailableReason().orElse(""));
        assertTrue(OpenBlasGemm.library().startsWith("OpenBLAS "), OpenBlasGemm.library());
        GemmBackends.Selection auto = GemmBackends.select(2);
        assertInstanceOf(OpenBlasGemm.class, auto.backend(), auto.note());
        assertEquals(2, ((OpenBlasGemm) auto.backend()).threads());
        assertTrue(auto.note().startsWith("openblas(2 threads, OpenBLAS "), auto.note());
        assertInstanceOf(OpenBlasGemm.class, GemmBackends.select(GemmBackends.Kind.OPENBLAS, 1).backend());
        assertFalse(GemmBackends.select(GemmBackends.Kind.JAVA, 1).backend() instanceof OpenBlasGemm);
    }

    @Test
    void theLibraryBundledForLinuxX8664IsTheOneLoadedThere() {
        boolean linuxX64 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        if (linuxX64 && System.getProperty(NativeOpenBlas.LIBRARY_PROPERTY) == null) {
            assertTrue(OpenBlasGemm.library().contains("(bundled "), OpenBlasGemm.library());
            assertTrue(OpenBlasGemm.library().startsWith("OpenBLAS 0.3.30"), OpenBlasGemm.library());
        }
    }

    @Test
    void aLibraryThatIsMissingOrIsNotOpenBlasIsSkippedWithAReason() {
        Object missing = NativeOpenBlas.load(List.of(
                NativeOpenBlas.Candidate.path("test", java.nio.file.Path.of("/nonexistent/libopenblas.so.0")),
                NativeOpenBlas.Candidate.name("test", "libc.so.6")), List.of("bundled: not here"));
        assertInstanceOf(String.class, missing);
        String reason = (String) missing;
        assertTrue(reason.startsWith("no usable OpenBLAS library (bundled: not here; "), reason);
        assertTrue(reason.contains("/nonexistent/libopenblas.so.0: cannot be loaded"), reason);
        assertTrue(reason.contains("libc.so.6: has no openblas_get_config"), reason);
        assertFalse(reason.contains("\n"), reason);
    }
}
