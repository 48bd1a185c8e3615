package org.rnn4j.math;

/**
 * Pure-Java {@link GemmBackend}. Each case is ordered so that the innermost loop runs along a contiguous row of
 * C and of B (an "axpy" the JIT vectorises); the NT case, whose natural inner loop is a dot product, computes
 * four outputs at once with independent accumulators.
 */
public final class JavaGemm implements GemmBackend {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            return;
        }
        if (!transB) {
            // C[i,:] += alpha * op(A)[i,p] * B[p,:]
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    if (aip == 0f) {
                        continue;
                    }
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else if (!transA) {
            // C[i,j] += alpha * dot(A[i,:], B[j,:])
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    int b0 = bOff + j * ldb;
                    int b1 = b0 + ldb;
                    int b2 = b1 + ldb;
                    int b3 = b2 + ldb;
                    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                    for (int p = 0; p < k; p++) {
                        float x = a[ai + p];
                        s0 += x * b[b0 + p];
                        s1 += x * b[b1 + p];
                        s2 += x * b[b2 + p];
                        s3 += x * b[b3 + p];
                    }
                    c[ci + j] += alpha * s0;
                    c[ci + j + 1] += alpha * s1;
                    c[ci + j + 2] += alpha * s2;
                    c[ci + j + 3] += alpha * s3;
                }
                for (; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] += alpha * s;
                }
            }
        } else {
            // both transposed: C[i,j] += alpha * sum_p A[p,i] * B[j,p]
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + p * lda + i] * b[bj + p];
                    }
                    c[ci + j] += alpha * s;
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }
}
