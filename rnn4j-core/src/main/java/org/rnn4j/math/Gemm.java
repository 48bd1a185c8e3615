package org.rnn4j.math;

/**
 * The one place where the layers' matrix products are computed. Delegates to a replaceable
 * {@link GemmBackend}; the default is the pure-Java {@link JavaGemm}.
 */
public final class Gemm {
    private static volatile GemmBackend backend = new JavaGemm();

    private Gemm() {
    }

    public static GemmBackend backend() {
        return backend;
    }

    public static void setBackend(GemmBackend newBackend) {
        if (newBackend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        backend = newBackend;
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C}; see {@link GemmBackend#sgemm}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        backend.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
