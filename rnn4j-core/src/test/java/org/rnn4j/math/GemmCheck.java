package org.rnn4j.math;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * The batch-1 pair shapes (n, kx, kh): a one-job product and ones the threads share (n·(kx+kh) ≥ 2^15), with
     * lengths that are and are not whole vectors, and an empty second operand.
     */
    public static Stream<Arguments> pairCases() {
        return Stream.of(Arguments.of(7, 5, 3), Arguments.of(64, 33, 17), Arguments.of(2048, 64, 512),
                Arguments.of(130, 129, 300), Arguments.of(1001, 100, 37), Arguments.of(40, 64, 0));
    }

    /**
     * {@code c[j] = h·B[j, :] + (x·A[j, :] + bias[j])} ({@link GemmBackend#dotRowPair}) with offsets, against
     * doubles, and bit for bit against the backend's two products with the bias added between them; elements of c
     * outside [cOff, cOff + n) must not change. Returns c.
     */
    public static float[] assertPairMatchesNaive(GemmBackend gemm, int n, int kx, int kh) {
        Random rnd = new Random(n * 31L + kx * 7L + kh);
        int xOff = 3, aOff = 5, biasOff = 6, hOff = 1, bOff = 4, cOff = 2;
        float[] x = random(rnd, xOff + kx);
        float[] a = random(rnd, aOff + n * kx);
        float[] bias = random(rnd, biasOff + n);
        float[] h = random(rnd, hOff + kh);
        float[] b = random(rnd, bOff + n * kh);
        float[] c = random(rnd, cOff + n + 3);
        double[] want = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            want[i] = c[i];
        }
        for (int j = 0; j < n; j++) {
            double s = bias[biasOff + j];
            for (int p = 0; p < kx; p++) {
                s += (double) x[xOff + p] * a[aOff + j * kx + p];
            }
            for (int p = 0; p < kh; p++) {
                s += (double) h[hOff + p] * b[bOff + j * kh + p];
            }
            want[cOff + j] = s;
        }
        float[] twoProducts = c.clone();
        gemm.sgemm(false, true, 1, n, kx, 1f, x, xOff, kx, a, aOff, kx, 0f, twoProducts, cOff, n);
        for (int j = 0; j < n; j++) {
            twoProducts[cOff + j] += bias[biasOff + j];
        }
        gemm.sgemm(false, true, 1, n, kh, 1f, h, hOff, kh, b, bOff, kh, 1f, twoProducts, cOff, n);
        c[cOff] = Float.NaN;                                 // c is only written
        gemm.dotRowPair(n, x, xOff, kx, a, aOff, bias, biasOff, h, hOff, kh, b, bOff, c, cOff);
        assertArrayEquals(twoProducts, c, "one pass against two products with " + gemm.name());
        for (int i = 0; i < c.length; i++) {
            boolean inside = i >= cOff && i < cOff + n;
            double tol = inside ? 1e-5 * (1 + kx + kh) : 0;
            assertTrue(Math.abs(c[i] - want[i]) <= tol, "element " + i + ": " + c[i] + " vs " + want[i]
                    + " with " + gemm.name());
        }
        return c;
    }

    /**
     * Groups of batch-1 products ({@link GemmBackend#dotRowGroup}), each product {kind (0 single, 1 pair), n,
     * kx, kh, 10·β}: a 2 × 512 sampling step's two groups (W_hh⁰ with layer 1's pair; the decoder), a group with
     * odd lengths whose threads' stretches end inside products, and one small enough for a single job.
     */
    public static Stream<Arguments> groupCases() {
        return Stream.of(
                Arguments.of((Object) new int[][] {{0, 2048, 512, 0, 0}, {1, 2048, 512, 512, 0}}),
                Arguments.of((Object) new int[][] {{0, 72, 512, 0, 10}}),
                Arguments.of((Object) new int[][] {{0, 7, 5, 0, 0}, {1, 130, 129, 300, 0}, {0, 1001, 37, 0, 10},
                        {1, 40, 64, 0, 0}, {0, 9, 700, 0, 5}}),
                Arguments.of((Object) new int[][] {{0, 3, 4, 0, 10}, {1, 5, 3, 2, 0}}));
    }

    /**
     * A group's products, each writing into its own stretch of one array c, against doubles, and bit for bit
     * against the same products run in turn (sgemm for a single product, dotRowPair for a pair), the group walked
     * from its start and from its end (into a copy of c); elements of c that no product writes must not change.
     * Returns c.
     */
    public static float[] assertGroupMatchesProductsInTurn(GemmBackend gemm, int[][] spec) {
        Random rnd = new Random(spec.length * 131L + spec[0][1]);
        List<RowProduct> products = new ArrayList<>();
        int cSize = 1;
        for (int[] q : spec) {
            cSize += q[1] + 2;
        }
        float[] c = random(rnd, cSize);
        float[] c0 = c.clone();
        int cOff = 1;
        for (int[] q : spec) {
            int n = q[1];
            int kx = q[2];
            int kh = q[3];
            float[] x = random(rnd, kx + 2);
            float[] a = random(rnd, 3 + n * kx);
            if (q[0] == 0) {
                products.add(RowProduct.single(n, x, 2, kx, a, 3, q[4] / 10f, c, cOff));
            } else {
                float[] bias = random(rnd, n + 1);
                float[] h = random(rnd, kh + 1);
                float[] b = random(rnd, 2 + n * kh);
                products.add(RowProduct.pair(n, x, 2, kx, a, 3, bias, 1, h, 1, kh, b, 2, c, cOff));
            }
            cOff += n + 2;
        }
        float[] inTurn = c.clone();
        float[] fromTheEnd = c.clone();
        RowProduct[] intoFromTheEnd = products.stream().map(p -> new RowProduct(p.n(), p.x(), p.xOff(), p.kx(),
                p.a(), p.aOff(), p.bias(), p.biasOff(), p.h(), p.hOff(), p.kh(), p.b(), p.bOff(), p.beta(),
                fromTheEnd, p.cOff())).toArray(RowProduct[]::new);
        for (RowProduct p : products) {
            if (p.isPair()) {
                gemm.dotRowPair(p.n(), p.x(), p.xOff(), p.kx(), p.a(), p.aOff(), p.bias(), p.biasOff(), p.h(),
                        p.hOff(), p.kh(), p.b(), p.bOff(), inTurn, p.cOff());
            } else {
                gemm.sgemm(false, true, 1, p.n(), p.kx(), 1f, p.x(), p.xOff(), p.kx(), p.a(), p.aOff(), p.kx(),
                        p.beta(), inTurn, p.cOff(), p.n());
            }
        }
        gemm.dotRowGroup(products.toArray(new RowProduct[0]));
        assertArrayEquals(inTurn, c, "group against its products in turn with " + gemm.name());
        gemm.dotRowGroup(true, intoFromTheEnd);
        assertArrayEquals(inTurn, fromTheEnd, "group walked from its end against its products in turn with "
                + gemm.name());
        boolean[] written = new boolean[c.length];
        for (RowProduct p : products) {
            for (int j = 0; j < p.n(); j++) {
                int i = p.cOff() + j;
                written[i] = true;
                double want = p.isPair() ? p.bias()[p.biasOff() + j] : p.beta() * (double) c0[i];
                for (int k = 0; k < p.kx(); k++) {
                    want += (double) p.x()[p.xOff() + k] * p.a()[p.aOff() + j * p.kx() + k];
                }
                for (int k = 0; k < p.kh(); k++) {
                    want += (double) p.h()[p.hOff() + k] * p.b()[p.bOff() + j * p.kh() + k];
                }
                assertTrue(Math.abs(c[i] - want) <= 1e-5 * (1 + p.work()), "element " + i + ": " + c[i] + " vs "
                        + want + " with " + gemm.name());
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!written[i]) {
                assertTrue(c[i] == c0[i], "element " + i + " outside every product changed with " + gemm.name());
            }
        }
        return c;
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
