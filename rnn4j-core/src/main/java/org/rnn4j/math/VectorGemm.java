package org.rnn4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast pure-Java {@link GemmBackend}, written with the Vector API (module {@code jdk.incubator.vector}, which
 * the JVM loads only with {@code --add-modules jdk.incubator.vector}; {@link Gemm#best} picks this class only
 * then). The kernel keeps a 4-row × one-vector block of C in registers while it runs over all of k with fused
 * multiply-adds, so each element of B loaded serves four rows. Every element of C is the same chain of
 * fused multiply-adds in the order p = 0, 1, …, k-1, whichever block it falls in, so results do not depend on
 * the thread count.
 */
public final class VectorGemm extends RowSplitGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    public VectorGemm(int threads) {
        super(threads);
    }

    @Override
    public String name() {
        return "java-vector" + S.vectorBitSize() + "(" + threads() + " threads)";
    }

    @Override
    void rows(int from, int to, int n, int k, float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int nv = n - n % L;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            for (int j = 0; j < nv; j += L) {
                block4(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
        for (; i < to; i++) {
            for (int j = 0; j < nv; j += L) {
                block1(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
        for (i = from; i < to; i++) {
            for (int j = nv; j < n; j++) {
                single(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
    }

    /** C[i..i+3, j..j+L). */
    private static void block4(int i, int j, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        int a0 = aOff + i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb + j);
            c0 = bv.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
        }
        int ci = cOff + i * ldc + j;
        store(c0, alpha, beta, c, ci);
        store(c1, alpha, beta, c, ci + ldc);
        store(c2, alpha, beta, c, ci + 2 * ldc);
        store(c3, alpha, beta, c, ci + 3 * ldc);
    }

    /** C[i, j..j+L). */
    private static void block1(int i, int j, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S);
        int a0 = aOff + i * lda;
        for (int p = 0; p < k; p++) {
            c0 = FloatVector.fromArray(S, b, bOff + p * ldb + j).fma(FloatVector.broadcast(S, a[a0 + p]), c0);
        }
        store(c0, alpha, beta, c, cOff + i * ldc + j);
    }

    /** C[i, j], by the same operations as one lane of the vector blocks. */
    private static void single(int i, int j, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float acc = 0f;
        int a0 = aOff + i * lda;
        for (int p = 0; p < k; p++) {
            acc = Math.fma(b[bOff + p * ldb + j], a[a0 + p], acc);
        }
        int ci = cOff + i * ldc + j;
        float r = acc * alpha;
        c[ci] = beta == 0f ? r : Math.fma(c[ci], beta, r);
    }

    /** c[ci ..] = α·acc + β·c[ci ..]; with β = 0 the old values are not read. */
    private static void store(FloatVector acc, float alpha, float beta, float[] c, int ci) {
        FloatVector r = acc.mul(alpha);
        if (beta != 0f) {
            r = FloatVector.fromArray(S, c, ci).fma(FloatVector.broadcast(S, beta), r);
        }
        r.intoArray(c, ci);
    }

    @Override
    void dotRow(int n, int k, float alpha, float[] x, int xOff, int stride, float[] b, int bOff, int ldb,
                float beta, float[] c, int cOff) {
        if (stride != 1) {
            // a strided row of A: the scalar loop is as good as any
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(x[xOff + p * stride], b[bj + p], s);
                }
                c[cOff + j] = beta == 0f ? alpha * s : alpha * s + beta * c[cOff + j];
            }
            return;
        }
        int kv = k - k % L;
        for (int j = 0; j < n; j++) {
            int bj = bOff + j * ldb;
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                acc = FloatVector.fromArray(S, x, xOff + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (int p = kv; p < k; p++) {
                s = Math.fma(x[xOff + p], b[bj + p], s);
            }
            c[cOff + j] = beta == 0f ? alpha * s : alpha * s + beta * c[cOff + j];
        }
    }
}
