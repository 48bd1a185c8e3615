package org.rnn4j.math;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @org.junit.jupiter.api.Test
    void betaZeroIgnoresNaNInC() {
        for (GemmBackend backend : backends(1)) {
            float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
            backend.sgemm(false, false, 2, 2, 1, 1f, new float[] {1, 2}, 0, 1, new float[] {3, 4}, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {3, 4, 6, 8}, c, backend.name());
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("org.rnn4j.math.GemmCheck#cases")
    void matchesNaiveProduct(int m, int n, int k, boolean transA, boolean transB, float beta) {
        for (int threads : new int[] {1, 2, 3}) {
            for (GemmBackend backend : backends(threads)) {
                GemmCheck.assertMatchesNaive(backend, m, n, k, transA, transB, 0.75f, beta);
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("org.rnn4j.math.GemmCheck#cases")
    void resultDoesNotDependOnTheThreadCount(int m, int n, int k, boolean transA, boolean transB, float beta) {
        Random rnd = new Random(11);
        float[] a = GemmCheck.random(rnd, m * k);
        float[] b = GemmCheck.random(rnd, k * n);
        float[] c0 = GemmCheck.random(rnd, m * n);
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

    /** The batch-1 pair product (input and recurrent products of one step) on every backend and thread count. */
    @ParameterizedTest(name = "n={0} kx={1} kh={2}")
    @MethodSource("org.rnn4j.math.GemmCheck#pairCases")
    void pairMatchesNaiveProductWhateverTheThreadCount(int n, int kx, int kh) {
        List<GemmBackend> single = backends(1);
        for (int threads : new int[] {1, 2, 3}) {
            List<GemmBackend> these = backends(threads);
            for (int i = 0; i < these.size(); i++) {
                float[] c = GemmCheck.assertPairMatchesNaive(these.get(i), n, kx, kh);
                assertArrayEquals(GemmCheck.assertPairMatchesNaive(single.get(i), n, kx, kh), c,
                        these.get(i).name() + " against one thread");
            }
        }
    }

    /** A group of batch-1 products on every backend and thread count: its products' bits, whatever the split. */
    @ParameterizedTest
    @MethodSource("org.rnn4j.math.GemmCheck#groupCases")
    void groupMatchesItsProductsInTurnWhateverTheThreadCount(int[][] spec) {
        List<GemmBackend> single = backends(1);
        for (int threads : new int[] {1, 2, 3}) {
            List<GemmBackend> these = backends(threads);
            for (int i = 0; i < these.size(); i++) {
                float[] c = GemmCheck.assertGroupMatchesProductsInTurn(these.get(i), spec);
                assertArrayEquals(GemmCheck.assertGroupMatchesProductsInTurn(single.get(i), spec), c,
                        these.get(i).name() + " against one thread");
            }
        }
    }

    /**
     * A batch-1 product gives a row the same bits whether the kernel computes it in a block of four rows or alone
     * (the rows left below a multiple of four): each row's lanes are added by the same tree either way.
     */
    @org.junit.jupiter.api.Test
    void aRowHasTheSameBitsInABlockOfFourAndAlone() {
        Random rnd = new Random(5);
        int n = 8;
        for (int k : new int[] {512, 100, 16}) {
            float[] x = GemmCheck.random(rnd, k);
            float[] b = GemmCheck.random(rnd, n * k);
            for (GemmBackend backend : backends(1)) {
                float[] blocks = new float[n];
                backend.sgemm(false, true, 1, n, k, 1f, x, 0, k, b, 0, k, 0f, blocks, 0, n);
                for (int j = 0; j < n; j++) {
                    float[] alone = new float[1];
                    backend.sgemm(false, true, 1, 1, k, 1f, x, 0, k, b, j * k, k, 0f, alone, 0, 1);
                    assertEquals(blocks[j], alone[0], backend.name() + ", row " + j + ", k " + k);
                }
            }
        }
    }
}
