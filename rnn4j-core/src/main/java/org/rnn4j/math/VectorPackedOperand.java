package org.rnn4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PackedOperand} for {@link VectorGemm}'s kernels. op(B) is stored as column panels, each k rows of
 * contiguous floats: panels 3L wide, then L wide, then the last n mod L columns. Read with unit stride, a panel
 * stays in cache without the set conflicts that a row stride of 2 or 8 KB (B with 512 or 2048 columns) causes,
 * which held VectorGemm to about 25 GFLOP/s on the recurrent product of hidden 512 against 66 packed (one
 * thread, this project's machine). The blocks are VectorGemm's own kernels reading a panel as a matrix whose
 * leading dimension is the panel's width, so the result is the same bits as {@code VectorGemm.sgemm} with
 * α = β = 1.
 */
final class VectorPackedOperand implements PackedOperand {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final boolean transB;
    private final int k;
    private final int n;
    /** Columns in panels 3L wide, and in panels 3L or L wide. */
    private final int n3;
    private final int nv;
    private final float[] panels;

    VectorPackedOperand(boolean transB, int k, int n) {
        if (k <= 0 || n <= 0) {
            throw new IllegalArgumentException("k and n must be positive");
        }
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.nv = n - n % L;
        this.n3 = n - n % (3 * L);
        this.panels = new float[k * n];
    }

    @Override
    public void pack(float[] b, int bOff, int ldb) {
        int at = 0;
        for (int j = 0; j < n3; j += 3 * L) {
            at = packPanel(b, bOff, ldb, j, 3 * L, at);
        }
        for (int j = n3; j < nv; j += L) {
            at = packPanel(b, bOff, ldb, j, L, at);
        }
        if (nv < n) {
            packPanel(b, bOff, ldb, nv, n - nv, at);
        }
    }

    /** Writes columns [j, j + width) of op(B), k rows of width floats, from panels[at]; returns the end. */
    private int packPanel(float[] b, int bOff, int ldb, int j, int width, int at) {
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < width; q++) {
                panels[at++] = transB ? b[bOff + (j + q) * ldb + p] : b[bOff + p * ldb + j + q];
            }
        }
        return at;
    }

    @Override
    public void multiplyAdd(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        int m4 = m - m % 4;
        int at = 0;
        for (int j = 0; j < n3; j += 3 * L, at += 3 * L * k) {
            for (int i = 0; i < m4; i += 4) {
                // the panel read as a matrix with leading dimension 3L whose column j is at panels[at]
                VectorGemm.block4x3(i, j, k, 1f, a, aOff, lda, panels, at - j, 3 * L, 1f, c, cOff, ldc);
            }
            for (int i = m4; i < m; i++) {
                block1x3(i, j, at, a, aOff, lda, c, cOff, ldc);
            }
        }
        for (int j = n3; j < nv; j += L, at += L * k) {
            for (int i = 0; i < m4; i += 4) {
                VectorGemm.block4(i, j, k, 1f, a, aOff, lda, panels, at - j, L, 1f, c, cOff, ldc);
            }
            for (int i = m4; i < m; i++) {
                VectorGemm.block1(i, j, k, 1f, a, aOff, lda, panels, at - j, L, 1f, c, cOff, ldc);
            }
        }
        int width = n - nv;
        for (int i = 0; i < m; i++) {
            for (int q = 0; q < width; q++) {
                float acc = 0f;
                int ai = aOff + i * lda;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(panels[at + p * width + q], a[ai + p], acc);
                }
                int ci = cOff + i * ldc + nv + q;
                c[ci] = c[ci] + acc;
            }
        }
    }

    /**
     * C[i, j..j+3L) += A[i, :]·(the 3L-wide panel at panels[at]): a row left over below a multiple of four,
     * with three independent chains of fused multiply-adds (one chain per vector waits on each result; a batch
     * slice of 25 rows spent a quarter of its product time in that one row).
     */
    private void block1x3(int i, int j, int at, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        int ai = aOff + i * lda;
        float[] bp = panels;
        for (int p = 0; p < k; p++) {
            int q = at + p * 3 * L;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c0 = FloatVector.fromArray(S, bp, q).fma(x, c0);
            c1 = FloatVector.fromArray(S, bp, q + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, bp, q + 2 * L).fma(x, c2);
        }
        int ci = cOff + i * ldc + j;
        add(c0, c, ci);
        add(c1, c, ci + L);
        add(c2, c, ci + 2 * L);
    }

    private static void add(FloatVector acc, float[] c, int ci) {
        acc.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
    }
}
