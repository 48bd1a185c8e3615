package org.rnn4j.math;

/**
 * The plain-Java {@link GemmBackend}, for any Java 17 runtime: the row-update form
 * {@code C[i,:] += α·A[i,p]·B[p,:]} with blocking over p so that a block of B stays in cache. Scalar code (the
 * JIT does not vectorise these loops); {@link VectorGemm} is the fast one where the Vector API is present.
 */
public final class JavaGemm extends RowSplitGemm {
    /** Rows of B per block. */
    private static final int K_BLOCK = 128;

    /** A backend on the calling thread only. */
    public JavaGemm() {
        this(1);
    }

    public JavaGemm(int threads) {
        super(threads);
    }

    @Override
    RowSplitGemm withThreads(int threads) {
        return new JavaGemm(threads);
    }

    @Override
    public String name() {
        return "java(" + threads() + " threads)";
    }

    @Override
    void rows(int from, int to, int n, int k, float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = from; i < to; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        // each C[i,j] accumulates its terms in the order p = 0, 1, …, k-1 whatever the blocking
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                int ai = aOff + i * lda;
                for (int p = p0; p < p1; p++) {
                    float aip = alpha * a[ai + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    @Override
    void dotRow(int n, int k, float alpha, float[] x, int xOff, int stride, float[] b, int bOff, int ldb,
                float beta, float[] c, int cOff) {
        // the same operations in the same order as rows(): start from β·c, add (α·x_p)·b_p for p = 0, 1, …
        for (int j = 0; j < n; j++) {
            int bj = bOff + j * ldb;
            float s = beta == 0f ? 0f : beta == 1f ? c[cOff + j] : c[cOff + j] * beta;
            for (int p = 0; p < k; p++) {
                s += alpha * x[xOff + p * stride] * b[bj + p];
            }
            c[cOff + j] = s;
        }
    }
}
