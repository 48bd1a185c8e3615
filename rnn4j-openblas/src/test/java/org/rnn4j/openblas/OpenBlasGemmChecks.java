package org.rnn4j.openblas;

import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Vocabulary;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmCheck;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.BatchOneStepper;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RecurrentState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * OpenBlasGemm on one binding against a naive double-precision product: JavaGemmTest's cases (every transpose
 * case, offsets, leading dimensions, β 0, 1 and 0.5, m = 1), more α, the edge cases, and reproducibility. Run
 * for the JNI binding by {@link JniOpenBlasGemmTest}, for the FFM binding by FfmOpenBlasGemmTest (JDK 22+).
 */
abstract class OpenBlasGemmChecks {
    /** The binding under test. */
    abstract OpenBlasBinding binding();

    OpenBlasGemm gemm(int threads) {
        return new OpenBlasGemm(threads, binding());
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5}")
    @MethodSource("org.rnn4j.math.GemmCheck#cases")
    void matchesNaiveProduct(int m, int n, int k, boolean transA, boolean transB, float beta) {
        for (float alpha : new float[] {0.75f, 1f, -2f}) {
            for (int threads : new int[] {1, 2, 3}) {
                check(gemm(threads), m, n, k, transA, transB, alpha, beta);
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @MethodSource("transposes")
    void alphaZeroScalesC(boolean transA, boolean transB) {
        check(gemm(2), 40, 30, 20, transA, transB, 0f, 0.5f);
        check(gemm(2), 40, 30, 20, transA, transB, 0f, 0f);
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
            OpenBlasGemm gemm = gemm(threads);
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
            gemm(threads == 1 ? 2 : 1).sgemm(false, false, 64, 64, 64, 1f, GemmCheck.random(rnd, 4096), 0, 64,
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
            check(gemm(threads), m, n, k, transA, transB, 0.75f, 0.5f);
        }
    }

    /** The batch-1 pair product goes to the Java row products where they are loaded, else to two sgemm calls. */
    @ParameterizedTest(name = "n={0} kx={1} kh={2}")
    @MethodSource("org.rnn4j.math.GemmCheck#pairCases")
    void pairMatchesNaiveProduct(int n, int kx, int kh) {
        for (int threads : new int[] {1, 2}) {
            GemmCheck.assertPairMatchesNaive(gemm(threads), n, kx, kh);
        }
    }

    /** A group of batch-1 products goes to the Java row products where they are loaded, else runs in turn. */
    @ParameterizedTest
    @MethodSource("org.rnn4j.math.GemmCheck#groupCases")
    void groupMatchesItsProductsInTurn(int[][] spec) {
        for (int threads : new int[] {1, 2}) {
            GemmCheck.assertGroupMatchesProductsInTurn(gemm(threads), spec);
        }
    }

    /**
     * Sampling's stepper on this backend (its groups go to the Java row products, where they are loaded) gives the
     * logits of the layer-by-layer path bit for bit, interleaved on one model: 2 × 64 LSTM, 40 characters.
     */
    @Test
    void samplingStepperMatchesLayerByLayer() {
        GemmBackend saved = Gemm.backend();
        try {
            Gemm.setBackend(gemm(2));
            Vocabulary v = Vocabulary.of("abcdefghijk");
            CharLanguageModel model = new CharLanguageModel(
                    new CharLanguageModel.Architecture(CellType.LSTM, 2, 64, 8), v, 0f, null);
            model.initialize(new Rng(4));
            BatchOneStepper stepper = model.stepper();
            assertEquals(gemm(2).sumsRowsBeforeBeta(), stepper.groupsProducts());
            RecurrentState state = model.newState(1);
            Random rnd = new Random(9);
            for (int t = 0; t < 40; t++) {
                int id = rnd.nextInt(v.size());
                float[] layerByLayer = model.next(id, state).clone();
                assertArrayEquals(layerByLayer, stepper.next(id), "step " + t + " with " + Gemm.backend().name());
            }
        } finally {
            Gemm.setBackend(saved);
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
                        gemm(threads).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n,
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
        gemm(2).sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 0, beta, c, 1, 4);
        assertArrayEquals(expected, c);
        float[] nan = {Float.NaN, Float.NaN};
        gemm(1).sgemm(true, true, 1, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 0, 0f, nan, 0, 2);
        assertArrayEquals(new float[2], nan);
    }

    @Test
    void mOrNZeroChangesNothing() {
        float[] c = {1, 2, 3};
        OpenBlasGemm gemm = gemm(2);
        gemm.sgemm(false, false, 0, 3, 4, 1f, new float[0], 0, 4, new float[12], 0, 3, 0f, c, 0, 3);
        gemm.sgemm(true, true, 3, 0, 4, 1f, new float[12], 0, 3, new float[0], 0, 4, 0f, c, 0, 0);
        gemm.sgemm(false, false, 0, 0, 0, 1f, new float[0], 0, 0, new float[0], 0, 0, 0f, new float[0], 0, 0);
        assertArrayEquals(new float[] {1, 2, 3}, c);
    }

    @Test
    void outOfBoundsArgumentsAreRefusedBeforeNativeCode() {
        OpenBlasGemm gemm = gemm(1);
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

    /**
     * Products of different shapes from several Java threads at once (the JNI binding stages operands in buffers
     * of the calling thread, grown as needed) give the bits each gives alone.
     */
    @Test
    void concurrentProductsFromSeveralThreadsMatchTheSameProductsAlone() throws Exception {
        int[][] shapes = {{300, 257, 129}, {17, 9, 300}, {1, 700, 64}, {512, 300, 700}, {64, 96, 40}, {33, 2000, 129}};
        Random rnd = new Random(11);
        List<float[][]> operands = new ArrayList<>();
        List<float[]> alone = new ArrayList<>();
        for (int[] s : shapes) {
            float[] a = GemmCheck.random(rnd, s[0] * s[2]);
            float[] b = GemmCheck.random(rnd, s[2] * s[1]);
            float[] c = GemmCheck.random(rnd, s[0] * s[1]);
            operands.add(new float[][] {a, b, c});
            float[] out = c.clone();
            gemm(1).sgemm(false, true, s[0], s[1], s[2], 1f, a, 0, s[2], b, 0, s[2], 0.5f, out, 0, s[1]);
            alone.add(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < shapes.length; i++) {
                    int[] s = shapes[i];
                    float[][] x = operands.get(i);
                    results.add(pool.submit(() -> {
                        float[] out = x[2].clone();
                        gemm(1).sgemm(false, true, s[0], s[1], s[2], 1f, x[0], 0, s[2], x[1], 0, s[2], 0.5f, out, 0,
                                s[1]);
                        return out;
                    }));
                }
            }
            for (int r = 0; r < results.size(); r++) {
                assertArrayEquals(alone.get(r % shapes.length), results.get(r).get(), "product " + r);
            }
        } finally {
            pool.shutdown();
        }
    }
}
