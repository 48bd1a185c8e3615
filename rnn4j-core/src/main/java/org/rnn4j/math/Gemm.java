package org.rnn4j.math;

/**
 * The one place where the layers' matrix products are computed. Delegates to a replaceable
 * {@link GemmBackend}; the default is the fastest one this JVM offers ({@link #best}).
 */
public final class Gemm {
    /**
     * The default: the backend named by the system property {@code rnn4j.gemm} ({@code java} or {@code vector},
     * used by the build to run every test with each backend), else the fastest available on all cores.
     */
    private static volatile GemmBackend backend = fromProperty(System.getProperty("rnn4j.gemm"));

    private Gemm() {
    }

    /**
     * The fastest backend this JVM offers, using {@code threads} threads: {@link VectorGemm} when the Vector API
     * module is loaded ({@code java --add-modules jdk.incubator.vector}), else {@link JavaGemm}.
     */
    public static GemmBackend best(int threads) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (GemmBackend) Class.forName("org.rnn4j.math.VectorGemm").getConstructor(int.class)
                        .newInstance(threads);
            } catch (ReflectiveOperationException | LinkageError e) {
                return new JavaGemm(threads);
            }
        }
        return new JavaGemm(threads);
    }

    private static GemmBackend fromProperty(String name) {
        int threads = Runtime.getRuntime().availableProcessors();
        if (name == null || name.isEmpty()) {
            return best(threads);
        }
        if (name.equals("java")) {
            return new JavaGemm(threads);
        }
        if (name.equals("vector")) {
            GemmBackend b = best(threads);
            if (b instanceof JavaGemm) {
                throw new IllegalStateException("rnn4j.gemm=vector needs java --add-modules jdk.incubator.vector");
            }
            return b;
        }
        throw new IllegalStateException("unknown rnn4j.gemm backend '" + name + "' (java or vector)");
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
