package org.rnn4j.math;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Pure-Java {@link GemmBackend}. Every case is reduced to the row-update form
 * {@code C[i,:] += α·op(A)[i,p]·B'[p,:]} whose inner loop is an axpy over a contiguous row, which the JIT
 * vectorises; when B is transposed it is first packed into a scratch buffer (cost k·n, small against m·n·k),
 * except for a single row of C, where a dot-product loop is cheaper. Large products are split by rows of C
 * over {@link #threads()} threads; each row is computed by one thread in the same order whatever the split,
 * so results do not depend on the thread count.
 */
public final class JavaGemm implements GemmBackend {
    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_THRESHOLD = 1L << 17;

    private final int threads;
    private final ForkJoinPool pool;
    /** Rows of op(B) per block: a block of B (KB×n) stays in cache while every row of C uses it. */
    private static final int K_BLOCK = 128;

    private final ThreadLocal<float[]> packedB = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<float[]> packedA = ThreadLocal.withInitial(() -> new float[0]);

    /** A backend on the calling thread only. */
    public JavaGemm() {
        this(1);
    }

    public JavaGemm(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return "java(" + threads + " threads)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (transB && m == 1) {
            dotRows(transA, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff);
            return;
        }
        float[] bRows = b;
        int bRowsOff = bOff;
        int bRowsLd = ldb;
        if (transB) {
            // pack op(B) = Bᵀ (k×n) row-major so that its rows are contiguous
            bRows = transpose(packedB, b, bOff, ldb, n, k);
            bRowsOff = 0;
            bRowsLd = n;
        }
        if (transA) {
            // pack op(A) = Aᵀ (m×k) row-major: reading a column of A would touch a new cache line per element
            a = transpose(packedA, a, aOff, lda, k, m);
            aOff = 0;
            lda = k;
            transA = false;
        }
        long work = (long) m * n * k;
        if (pool == null || work < PARALLEL_THRESHOLD || m < 2 * threads) {
            rows(0, m, n, k, alpha, a, aOff, lda, bRows, bRowsOff, bRowsLd, beta, c, cOff, ldc);
            return;
        }
        final float[] aa = a;
        final int ao = aOff;
        final int al = lda;
        final float[] bb = bRows;
        final int bo = bRowsOff;
        final int bl = bRowsLd;
        RecursiveAction[] parts = new RecursiveAction[threads];
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) m * t / threads);
            int to = (int) ((long) m * (t + 1) / threads);
            parts[t] = new RecursiveAction() {
                @Override
                protected void compute() {
                    rows(from, to, n, k, alpha, aa, ao, al, bb, bo, bl, beta, c, cOff, ldc);
                }
            };
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(parts);
            }
        });
    }

    /**
     * Rows [from, to) of C = α·A·B + β·C with A (m×k) and B (k×n) row-major. Blocking over p keeps a block of
     * B in cache; each C[i,j] still accumulates its terms in the order p = 0, 1, …, k-1.
     */
    private static void rows(int from, int to, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = from; i < to; i++) {
            scaleRow(beta, c, cOff + i * ldc, n);
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                int ai = aOff + i * lda;
                for (int p = p0; p < p1; p++) {
                    float aip = alpha * a[ai + p];
                    if (aip != 0f) {
                        axpy(aip, b, bOff + p * ldb, c, ci, n);
                    }
                }
            }
        }
    }

    /** Packs the transpose of the (rows×cols) matrix at src[off], leading dimension ld, into a scratch buffer. */
    private static float[] transpose(ThreadLocal<float[]> scratch, float[] src, int off, int ld, int rows,
                                     int cols) {
        float[] buf = scratch.get();
        if (buf.length < rows * cols) {
            buf = new float[rows * cols];
            scratch.set(buf);
        }
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            for (int q = 0; q < cols; q++) {
                buf[q * rows + r] = src[s + q];
            }
        }
        return buf;
    }

    /** y[yo .. yo+n) += α·x[xo .. xo+n) — the loop the JIT turns into vector instructions. */
    private static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            y[yo + j] += alpha * x[xo + j];
        }
    }

    private static void scaleRow(float beta, float[] c, int ci, int n) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, ci, ci + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[ci + j] *= beta;
            }
        }
    }

    /** One row of C with B transposed: c[j] = α·Σ_p op(A)[0,p]·B[j,p] + β·c[j], four dot products at a time. */
    private static void dotRows(boolean transA, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff) {
        int stride = transA ? lda : 1;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int b0 = bOff + j * ldb;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int p = 0; p < k; p++) {
                float x = a[aOff + p * stride];
                s0 += x * b[b0 + p];
                s1 += x * b[b1 + p];
                s2 += x * b[b2 + p];
                s3 += x * b[b3 + p];
            }
            c[cOff + j] = combine(alpha, s0, beta, c[cOff + j]);
            c[cOff + j + 1] = combine(alpha, s1, beta, c[cOff + j + 1]);
            c[cOff + j + 2] = combine(alpha, s2, beta, c[cOff + j + 2]);
            c[cOff + j + 3] = combine(alpha, s3, beta, c[cOff + j + 3]);
        }
        for (; j < n; j++) {
            int bj = bOff + j * ldb;
            float s = 0f;
            for (int p = 0; p < k; p++) {
                s += a[aOff + p * stride] * b[bj + p];
            }
            c[cOff + j] = combine(alpha, s, beta, c[cOff + j]);
        }
    }

    private static float combine(float alpha, float sum, float beta, float old) {
        return beta == 0f ? alpha * sum : alpha * sum + beta * old;
    }
}
