package org.rnn4j.math;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * What the Java GEMM backends share: transposed operands are packed into row-major scratch buffers (cost k·n or
 * m·k, small against m·n·k), so that the kernel only ever computes {@code C = α·A·B + β·C} on row-major A (m×k)
 * and B (k×n); large products are split by rows of C over a fixed number of threads. Each row of C is computed
 * by one thread in the same order whatever the split, so results do not depend on the thread count.
 */
abstract class RowSplitGemm implements GemmBackend {
    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_THRESHOLD = 1L << 17;

    private final int threads;
    private final ForkJoinPool pool;
    private volatile GemmBackend serial;
    private final ThreadLocal<float[]> packedA = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<float[]> packedB = ThreadLocal.withInitial(() -> new float[0]);

    RowSplitGemm(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    @Override
    public final int threads() {
        return threads;
    }

    @Override
    public final GemmBackend singleThreaded() {
        GemmBackend one = serial;
        if (one == null) {
            one = threads == 1 ? this : withThreads(1);
            serial = one;
        }
        return one;
    }

    /** A backend of this kind with the given thread count. */
    abstract RowSplitGemm withThreads(int threads);

    /** Rows [from, to) of C = α·A·B + β·C, A (m×k) and B (k×n) row-major; with β = 0, C is not read. */
    abstract void rows(int from, int to, int n, int k, float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /** c[j] = α·Σ_p x[p·stride]·B[j, p] + β·c[j] for j < n: one row of C when B is transposed. */
    abstract void dotRow(int n, int k, float alpha, float[] x, int xOff, int stride, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff);

    @Override
    public final void sgemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (transB && m == 1) {
            dotRow(n, k, alpha, a, aOff, transA ? lda : 1, b, bOff, ldb, beta, c, cOff);
            return;
        }
        if (transB) {
            // op(B) = Bᵀ (k×n), packed row-major so that its rows are contiguous
            b = transpose(packedB, b, bOff, ldb, n, k);
            bOff = 0;
            ldb = n;
        }
        if (transA) {
            // op(A) = Aᵀ (m×k): reading a column of A would touch a new cache line per element
            a = transpose(packedA, a, aOff, lda, k, m);
            aOff = 0;
            lda = k;
        }
        long work = (long) m * n * k;
        if (pool == null || work < PARALLEL_THRESHOLD || m < 2 * threads) {
            rows(0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        final float[] aa = a;
        final int ao = aOff;
        final int al = lda;
        final float[] bb = b;
        final int bo = bOff;
        final int bl = ldb;
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

    /** Packs the transpose of the (rows×cols) matrix at src[off], leading dimension ld, into a scratch buffer. */
    private static float[] transpose(ThreadLocal<float[]> buffers, float[] src, int off, int ld, int rows,
                                     int cols) {
        float[] buf = scratch(buffers, rows * cols);
        Matrices.transpose(src, off, ld, rows, cols, buf);
        return buf;
    }

    /** This thread's buffer from {@code buffers}, grown to at least {@code size} floats. */
    static float[] scratch(ThreadLocal<float[]> buffers, int size) {
        float[] buf = buffers.get();
        if (buf.length < size) {
            buf = new float[size];
            buffers.set(buf);
        }
        return buf;
    }
}
