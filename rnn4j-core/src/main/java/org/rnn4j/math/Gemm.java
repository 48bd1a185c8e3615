package org.rnn4j.math;

/**
 * The one place where the layers' matrix products are computed. Delegates to a replaceable
 * {@link GemmBackend}; the default is the fastest one this JVM offers ({@link #best}).
 */
public final class Gemm {
    /**
     * The default: the backend named by the system property {@code rnn4j.gemm} ({@code auto}, {@code openblas},
     * {@code vector} or {@code java}; the build uses it to run every test with each backend), else the fastest
     * available ({@link #best}) on all cores.
     */
    private static volatile GemmBackend backend = fromProperty(System.getProperty("rnn4j.gemm"));

    private Gemm() {
    }

    /**
     * The fastest backend this JVM offers, using {@code threads} threads: OpenBLAS when rnn4j-openblas is on the
     * class path and its library loads, else {@link VectorGemm} when the Vector API module is loaded
     * ({@code java --add-modules jdk.incubator.vector}), else {@link JavaGemm}. {@link GemmBackends#select(int)}
     * makes the same choice and also says why faster backends were passed over.
     */
    public static GemmBackend best(int threads) {
        return GemmBackends.select(threads).backend();
    }

    private static GemmBackend fromProperty(String name) {
        int threads = Runtime.getRuntime().availableProcessors();
        if (name == null || name.isEmpty()) {
            return best(threads);
        }
        GemmBackends.Kind kind;
        try {
            kind = GemmBackends.Kind.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rnn4j.gemm: " + e.getMessage());
        }
        try {
            return GemmBackends.select(kind, threads).backend();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("rnn4j.gemm=" + name + ": " + e.getMessage(), e);
        }
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
