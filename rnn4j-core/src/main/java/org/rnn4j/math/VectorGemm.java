package org.rnn4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The fast pure-Java {@link GemmBackend}, written with the Vector API (module {@code jdk.incubator.vector}, which
 * the JVM loads only with {@code --add-modules jdk.incubator.vector}; {@link Gemm#best} picks this class only
 * then). The kernel keeps a 4-row × three-vector block of C in registers (narrower blocks at the right edge)
 * while it runs over a k-block with fused multiply-adds, so each vector of B loaded serves four rows and each
 * element of A three vectors; the running sums wait in a buffer between k-blocks. Every element of C is the
 * same chain of fused multiply-adds in the order p = 0, 1, …, k-1, whichever block it falls in, so results do
 * not depend on the thread count or on the blocking.
 */
public final class VectorGemm extends RowSplitGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of C per band (a multiple of 4). */
    private static final int ROW_BAND = 64;

    /**
     * Depth of a k-block: the panel of B one block of rows reads (K_BLOCK × 3L floats, 24 KB with 16 lanes) stays
     * in the level-1 cache while the band's row blocks pass (GemmBenchmark, Java 25, one thread: 256 gave 3.3
     * weight-gradient products/s and 315 recurrent, 128 gave 3.3 and 488; the noise was ±40%).
     */
    private static final int K_BLOCK = 128;

    private final ThreadLocal<float[]> panels = ThreadLocal.withInitial(() -> new float[0]);
    /** Per thread: the running sums of one band's row blocks between k-blocks (ROW_BAND × n3 floats). */
    private final ThreadLocal<float[]> sums = ThreadLocal.withInitial(() -> new float[0]);
    /** Below this many multiply-adds a vector–matrix product runs on the calling thread alone. */
    private static final long PARALLEL_DOT_ROW = 1L << 15;
    /**
     * The weights (floats) of a piece of a stretch walked from its end ({@link #dotRowGroup(boolean, RowProduct...)}):
     * 256 KB. Each piece is read forwards, as the prefetchers follow best; blocks of four rows walked backwards
     * one by one ran 5% slower than not walking back at all, pieces of 64, 128, 256 and 512 KB −0.2, −1.0, +3.5
     * and +2.4% (`bench --sample --hidden-size 512`, 2 × 512 LSTM, alternating processes, five rounds).
     */
    private static final int PIECE_FLOATS = 1 << 16;

    public VectorGemm(int threads) {
        super(threads);
    }

    @Override
    public PackedOperand packRight(boolean transB, int k, int n) {
        return new VectorPackedOperand(transB, k, n, threads());
    }

    @Override
    RowSplitGemm withThreads(int threads) {
        return new VectorGemm(threads);
    }

    @Override
    public String name() {
        return "java-vector" + S.vectorBitSize() + "(" + threads() + " threads)";
    }

    @Override
    void rows(int from, int to, int n, int k, float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int nv = n - n % L;
        int n3 = n - n % (3 * L);
        int m4 = from + (to - from) / 4 * 4;
        // bands of ROW_BAND rows; in a band, k-blocks outside, then columns, then rows: each K_BLOCK×3L panel of B
        // is copied to contiguous memory (read with a row stride of 2 or 8 KB, its rows fall into few cache sets)
        // and stays in cache while the band's row blocks use it. A row block's twelve running sums go to a
        // buffer between k-blocks and come back unchanged, so every output is still one chain of fused
        // multiply-adds over p = 0 … k-1 (the same bits as without blocking); α and β are applied at the end.
        if (m4 > from && n3 > 0) {
            float[] panel = scratch(panels, Math.min(k, K_BLOCK) * 3 * L);
            float[] acc = scratch(sums, ROW_BAND * n3);
            for (int i0 = from; i0 < m4; i0 += ROW_BAND) {
                int i1 = Math.min(m4, i0 + ROW_BAND);
                for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                    int kc = Math.min(K_BLOCK, k - p0);
                    for (int j = 0; j < n3; j += 3 * L) {
                        for (int p = 0; p < kc; p++) {
                            System.arraycopy(b, bOff + (p0 + p) * ldb + j, panel, p * 3 * L, 3 * L);
                        }
                        for (int i = i0; i < i1; i += 4) {
                            block4x3Sums(p0 == 0, kc, a, aOff + i * lda + p0, lda, panel,
                                    acc, (i - i0) * n3 + j, n3);
                        }
                    }
                }
                storeSums(i0, i1, n3, alpha, acc, beta, c, cOff, ldc);
            }
        }
        for (int i0 = from; i0 < m4; i0 += ROW_BAND) {
            int i1 = Math.min(m4, i0 + ROW_BAND);
            for (int j = n3; j < nv; j += L) {
                for (int i = i0; i < i1; i += 4) {
                    block4(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                }
            }
        }
        int i = m4;
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

    /**
     * Running sums of a 4-row × 3L block over kc more steps of p: s[so + r·lds …] (zero when {@code first}) plus
     * Σ_p A[r, p]·panel[p, …] as a chain of fused multiply-adds, written back to s. A starts at a[ai], the panel
     * is kc × 3L contiguous. Stores written out without helper methods, so that the JIT keeps the vectors in
     * registers (see VectorPackedOperand).
     */
    private static void block4x3Sums(boolean first, int kc, float[] a, int ai, int lda, float[] panel,
                                     float[] s, int so, int lds) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c02;
        FloatVector c10;
        FloatVector c11;
        FloatVector c12;
        FloatVector c20;
        FloatVector c21;
        FloatVector c22;
        FloatVector c30;
        FloatVector c31;
        FloatVector c32;
        if (first) {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c02 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
        } else {
            c00 = FloatVector.fromArray(S, s, so);
            c01 = FloatVector.fromArray(S, s, so + L);
            c02 = FloatVector.fromArray(S, s, so + 2 * L);
            c10 = FloatVector.fromArray(S, s, so + lds);
            c11 = FloatVector.fromArray(S, s, so + lds + L);
            c12 = FloatVector.fromArray(S, s, so + lds + 2 * L);
            c20 = FloatVector.fromArray(S, s, so + 2 * lds);
            c21 = FloatVector.fromArray(S, s, so + 2 * lds + L);
            c22 = FloatVector.fromArray(S, s, so + 2 * lds + 2 * L);
            c30 = FloatVector.fromArray(S, s, so + 3 * lds);
            c31 = FloatVector.fromArray(S, s, so + 3 * lds + L);
            c32 = FloatVector.fromArray(S, s, so + 3 * lds + 2 * L);
        }
        for (int p = 0; p < kc; p++) {
            int q = p * 3 * L;
            FloatVector b0 = FloatVector.fromArray(S, panel, q);
            FloatVector b1 = FloatVector.fromArray(S, panel, q + L);
            FloatVector b2 = FloatVector.fromArray(S, panel, q + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[ai + lda + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        c00.intoArray(s, so);
        c01.intoArray(s, so + L);
        c02.intoArray(s, so + 2 * L);
        c10.intoArray(s, so + lds);
        c11.intoArray(s, so + lds + L);
        c12.intoArray(s, so + lds + 2 * L);
        c20.intoArray(s, so + 2 * lds);
        c21.intoArray(s, so + 2 * lds + L);
        c22.intoArray(s, so + 2 * lds + 2 * L);
        c30.intoArray(s, so + 3 * lds);
        c31.intoArray(s, so + 3 * lds + L);
        c32.intoArray(s, so + 3 * lds + 2 * L);
    }

    /** C[i0..i1, 0..n3) = α·sums + β·C (C not read when β = 0), the sums of rows i0.. at acc[(i - i0)·n3 ..]. */
    private static void storeSums(int i0, int i1, int n3, float alpha, float[] acc, float beta, float[] c,
                                  int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int si = (i - i0) * n3;
            int ci = cOff + i * ldc;
            for (int j = 0; j < n3; j += L) {
                FloatVector r = FloatVector.fromArray(S, acc, si + j).mul(alpha);
                if (beta != 0f) {
                    r = FloatVector.fromArray(S, c, ci + j).fma(FloatVector.broadcast(S, beta), r);
                }
                r.intoArray(c, ci + j);
            }
        }
    }

    /** C[i..i+3, j..j+L). */
    static void block4(int i, int j, int k, float alpha, float[] a, int aOff, int lda,
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
    static void block1(int i, int j, int k, float alpha, float[] a, int aOff, int lda,
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

    /**
     * One row of A times Bᵀ (batch-1 sampling): c[j] = α·x·B[j, :] + β·c[j]. Large products are cut into
     * contiguous runs of j that the threads of a {@link WorkerTeam} share; the kernel computes four outputs at
     * once, so each load of x serves four rows of B, and adds each output's lanes by the same tree whichever block
     * or part it falls in.
     */
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
        inRowRuns(n, k, (from, to) -> dotRows(from, to, k, alpha, x, xOff, b, bOff, ldb, beta, c, cOff));
    }

    /**
     * {@code c[j] = h·B[j, :] + (x·A[j, :] + bias[j])} in one pass over both matrices, each product summed as
     * {@link #dotRow} sums it: the same bits as the two products with the bias added between them.
     */
    @Override
    public void dotRowPair(int n, float[] x, int xOff, int kx, float[] a, int aOff, float[] bias, int biasOff,
                           float[] h, int hOff, int kh, float[] b, int bOff, float[] c, int cOff) {
        inRowRuns(n, kx + kh, (from, to) -> pairRows(from, to, x, xOff, kx, a, aOff, bias, biasOff, h, hOff, kh, b,
                bOff, c, cOff));
    }

    /** Yes: {@link #dotRows} and {@link #pairRows} finish each row's sums before they add β·c or the bias. */
    @Override
    public boolean sumsRowsBeforeBeta() {
        return true;
    }

    /**
     * The group's products as one job: their 4-row blocks laid end to end, each as long as its row's multiply-adds
     * (k, or kx + kh for a pair), cut into one stretch of equal work per thread ({@link WorkerTeam#runOwnRanges}).
     * A block belongs to the stretch its start falls in, so a thread's stretch may end in one product and go on in
     * the next. {@code fromTheEnd}, a thread walks its stretch from its end back to its start in pieces of about
     * {@link #PIECE_FLOATS} weights, each piece forwards. Each row is computed by the kernel {@link #dotRow} or
     * {@link #dotRowPair} would give it, so the same bits either way.
     */
    @Override
    public void dotRowGroup(boolean fromTheEnd, RowProduct... products) {
        int count = products.length;
        int[] starts = new int[count + 1];      // where product q's first block starts, in multiply-adds
        for (int q = 0; q < count; q++) {
            RowProduct p = products[q];
            starts[q + 1] = Math.addExact(starts[q], Math.multiplyExact((p.n() + 3) / 4, p.work()));
        }
        WorkerTeam.Range stretch = (from, to) -> {
            for (int i = 0; i < count; i++) {
                int q = fromTheEnd ? count - 1 - i : i;
                RowProduct p = products[q];
                int k = p.work();
                // block b of p starts at starts[q] + b·k, so it lies in [from, to) when
                // ⌈(from - starts[q])/k⌉ ≤ b < ⌈(to - starts[q])/k⌉, with ⌈a/k⌉ = -⌊-a/k⌋
                int lo = Math.max(0, -Math.floorDiv(starts[q] - from, k));
                int hi = -Math.floorDiv(starts[q] - Math.min(to, starts[q + 1]), k);
                // blocks per call: all of them forwards, pieces from the last back when fromTheEnd
                int piece = fromTheEnd ? Math.max(1, PIECE_FLOATS / (4 * k)) : hi - lo;
                for (int end = hi; end > lo; end -= piece) {
                    groupRows(p, 4 * Math.max(lo, end - piece), Math.min(p.n(), 4 * end));
                }
            }
        };
        WorkerTeam team = teamFor(4L * starts[count]);
        if (team == null) {
            stretch.run(0, starts[count]);
        } else {
            team.runOwnRanges(starts[count], stretch);
        }
    }

    /** Rows [from, to) of one product of a group. */
    private static void groupRows(RowProduct p, int from, int to) {
        if (p.isPair()) {
            pairRows(from, to, p.x(), p.xOff(), p.kx(), p.a(), p.aOff(), p.bias(), p.biasOff(), p.h(), p.hOff(),
                    p.kh(), p.b(), p.bOff(), p.c(), p.cOff());
        } else {
            dotRows(from, to, p.kx(), 1f, p.x(), p.xOff(), p.a(), p.aOff(), p.kx(), p.beta(), p.c(), p.cOff());
        }
    }

    /** Runs {@code rows} over [0, n) of a batch-1 product with k multiply-adds per output, on the team if large. */
    private void inRowRuns(int n, int k, RowRange rows) {
        WorkerTeam team = teamFor((long) n * k);
        if (team == null) {
            rows.run(0, n);
            return;
        }
        // one run of whole 4-row blocks per thread (so the split does not change which kernel computes a row), the
        // same run for a thread every call: each thread streams one steady stretch of the weights instead of
        // claiming eight short ones in turn
        team.runOwnRanges((n + 3) / 4, (from, to) -> rows.run(Math.min(n, 4 * from), Math.min(n, 4 * to)));
    }

    @FunctionalInterface
    private interface RowRange {
        void run(int from, int to);
    }

    /** c[j] = α·x·B[j, :] + β·c[j] for j in [from, to): four rows at a time ({@link #block4}), then one by one. */
    private static void dotRows(int from, int to, int k, float alpha, float[] x, int xOff, float[] b, int bOff,
                                int ldb, float beta, float[] c, int cOff) {
        float[] lanes = new float[4 * L];
        float[] sums = new float[4];
        int j = from;
        for (; j + 4 <= to; j += 4) {
            block4(x, xOff, k, b, bOff + j * ldb, ldb, lanes, sums);
            for (int i = 0; i < 4; i++) {
                int ci = cOff + j + i;
                c[ci] = beta == 0f ? alpha * sums[i] : alpha * sums[i] + beta * c[ci];
            }
        }
        for (; j < to; j++) {
            float s = row1(x, xOff, k, b, bOff + j * ldb);
            c[cOff + j] = beta == 0f ? alpha * s : alpha * s + beta * c[cOff + j];
        }
    }

    /**
     * c[j] = h·B[j, :] + (x·A[j, :] + bias[j]) for j in [from, to), A's rows kx long, B's kh: each product summed
     * as {@link #dotRows} sums it, so the bits are those of the two products with the bias added between them.
     */
    private static void pairRows(int from, int to, float[] x, int xOff, int kx, float[] a, int aOff, float[] bias,
                                 int biasOff, float[] h, int hOff, int kh, float[] b, int bOff, float[] c, int cOff) {
        float[] lanes = new float[4 * L];
        float[] xSums = new float[4];
        float[] hSums = new float[4];
        int j = from;
        for (; j + 4 <= to; j += 4) {
            block4(x, xOff, kx, a, aOff + j * kx, kx, lanes, xSums);
            block4(h, hOff, kh, b, bOff + j * kh, kh, lanes, hSums);
            for (int i = 0; i < 4; i++) {
                c[cOff + j + i] = hSums[i] + (xSums[i] + bias[biasOff + j + i]);
            }
        }
        for (; j < to; j++) {
            float sx = row1(x, xOff, kx, a, aOff + j * kx);
            c[cOff + j] = row1(h, hOff, kh, b, bOff + j * kh) + (sx + bias[biasOff + j]);
        }
    }

    /**
     * out[i] = x·B[i, :] for the four rows of B from b0 (stride ldb), k long: a vector of sums per row over the
     * full vectors, its lanes added as {@link #laneSum} adds them (four rows at once), then the tail
     * p ≥ k - k mod L added in order. Vectors stay inside (a method taking or returning them would box them
     * wherever C2 does not inline it). {@code lanes} (4·L floats) is scratch for the JDKs that add the lanes in
     * order ({@link #LANE_MOVES}).
     */
    private static void block4(float[] x, int xOff, int k, float[] b, int b0, int ldb, float[] lanes,
                               float[] out) {
        int kv = k - k % L;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        for (int p = 0; p < kv; p += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + p);
            acc0 = FloatVector.fromArray(S, b, b0 + p).fma(xv, acc0);
            acc1 = FloatVector.fromArray(S, b, b1 + p).fma(xv, acc1);
            acc2 = FloatVector.fromArray(S, b, b2 + p).fma(xv, acc2);
            acc3 = FloatVector.fromArray(S, b, b3 + p).fma(xv, acc3);
        }
        if (LANE_MOVES) {
            // halves [0 | 1] and [2 | 3]; then quarters [0 | 2 | 1 | 3] (quarter g from the first vector's half, the
            // second's, the first's other half, the second's); then folds within each quarter until its lane 0
            // holds the sum
            FloatVector v01 = acc0.rearrange(LOW_HALVES, acc1).add(acc0.rearrange(HIGH_HALVES, acc1));
            FloatVector v23 = acc2.rearrange(LOW_HALVES, acc3).add(acc2.rearrange(HIGH_HALVES, acc3));
            FloatVector v = v01.rearrange(LOW_QUARTERS, v23).add(v01.rearrange(HIGH_QUARTERS, v23));
            for (int f = 0; f < FOLDS_LOW.length; f++) {
                v = v.rearrange(FOLDS_LOW[f]).add(v.rearrange(FOLDS_HIGH[f]));
            }
            int q = L / 4;
            out[0] = v.lane(0);
            out[1] = v.lane(2 * q);
            out[2] = v.lane(q);
            out[3] = v.lane(3 * q);
        } else {
            acc0.intoArray(lanes, 0);
            acc1.intoArray(lanes, L);
            acc2.intoArray(lanes, 2 * L);
            acc3.intoArray(lanes, 3 * L);
            for (int i = 0; i < 4; i++) {
                out[i] = lanesInOrder(lanes, i * L);
            }
        }
        if (kv < k) {
            for (int i = 0; i < 4; i++) {
                out[i] = tail(out[i], x, xOff, k, kv, b, b0 + i * ldb);
            }
        }
    }

    /** x·B[j, :] for the row at bj, k long, summed as {@link #block4} sums each of its rows. */
    private static float row1(float[] x, int xOff, int k, float[] b, int bj) {
        int kv = k - k % L;
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, x, xOff + p), acc);
        }
        return tail(laneSum(acc), x, xOff, k, kv, b, bj);
    }

    /** s continued over the tail p ≥ kv of the dot product of x with the row of b at bj, in order. */
    private static float tail(float s, float[] x, int xOff, int k, int kv, float[] b, int bj) {
        for (int p = kv; p < k; p++) {
            s = Math.fma(x[xOff + p], b[bj + p], s);
        }
        return s;
    }

    /**
     * The lanes of acc added as block4 adds them: as a tree (t[i] += t[i + w] for w = L/2, L/4, … 1, then t[0])
     * where {@link #LANE_MOVES}, else in lane order. Either way only lane-wise additions and moves, which the
     * JIT-compiled code and the interpreter's fallback compute alike (reduceLanes does not: its order differs
     * between them, so the first calls of a run would give other bits than later ones).
     */
    private static float laneSum(FloatVector acc) {
        float[] t = acc.toArray();
        if (!LANE_MOVES) {
            return lanesInOrder(t, 0);
        }
        for (int w = L / 2; w >= 1; w /= 2) {
            for (int i = 0; i < w; i++) {
                t[i] += t[i + w];
            }
        }
        return t[0];
    }

    /** t[off] + t[off + 1] + … + t[off + L - 1], added in that order. */
    private static float lanesInOrder(float[] t, int off) {
        float s = 0f;
        for (int l = 0; l < L; l++) {
            s += t[off + l];
        }
        return s;
    }

    /**
     * Whether block4 adds each output's lanes as a tree of vector moves (two-vector rearranges), four outputs at
     * once, or (JDK 17 to 24) stores them and adds them in lane order, as before: JDK 25's C2 compiles the moves
     * to shuffles, JDK 17's does not and runs them ten times slower; the same tree in memory is slower still
     * there (store-to-load round trips). Four-row kernel, one thread, a 512 KB matrix: Temurin 25, 97 GB/s with
     * the moves against 84 in order; Java 17, 8 with the moves, 47 with the tree in memory, 82–92 in order. So a
     * batch-1 product's last bits depend on the JDK.
     */
    private static final boolean LANE_MOVES = Runtime.version().feature() >= 25;

    // block4's lane-sum moves; an index i - L picks lane i of the second vector
    private static final VectorShuffle<Float> LOW_HALVES = twoInput(i -> i < L / 2 ? i : i - L / 2 - L);
    private static final VectorShuffle<Float> HIGH_HALVES = twoInput(i -> i < L / 2 ? i + L / 2 : i - L);
    private static final VectorShuffle<Float> LOW_QUARTERS = twoInput(i -> quarterSource(i, 0));
    private static final VectorShuffle<Float> HIGH_QUARTERS = twoInput(i -> quarterSource(i, L / 4));
    /**
     * Then, within each quarter, lane j takes j mod w/2 plus j mod w/2 + w/2, for w = L/4, L/8, … 2 (a quarter
     * repeats its first w/2 lanes after each fold), until lane 0 of each quarter holds its sum.
     */
    private static final VectorShuffle<Float>[] FOLDS_LOW = folds(0);
    private static final VectorShuffle<Float>[] FOLDS_HIGH = folds(1);

    /** Quarter g of [x | y] from (x's first half, y's first half, x's second half, y's second half), offset o. */
    private static int quarterSource(int i, int o) {
        int q = L / 4;
        int g = i / q;
        int j = i % q + o;
        return switch (g) {
            case 0 -> j;
            case 1 -> j - L;
            case 2 -> L / 2 + j;
            default -> L / 2 + j - L;
        };
    }

    private static VectorShuffle<Float> twoInput(IntUnaryOperator source) {
        if (L < 4) {
            // every platform's preferred float species has at least 4 lanes (128 bits)
            throw new IllegalStateException("VectorGemm needs at least 4 float lanes, not " + L);
        }
        return VectorShuffle.fromOp(S, source);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds(int high) {
        List<VectorShuffle<Float>> list = new ArrayList<>();
        for (int w = L / 4; w >= 2; w /= 2) {
            int width = w;
            list.add(VectorShuffle.fromOp(S, i -> i / (L / 4) * (L / 4) + i % (width / 2) + high * (width / 2)));
        }
        return list.toArray(new VectorShuffle[0]);
    }

    /** The team a batch-1 job of this many multiply-adds runs on; null to run it on the calling thread. */
    private WorkerTeam teamFor(long multiplyAdds) {
        return threads() == 1 || multiplyAdds < PARALLEL_DOT_ROW ? null : WorkerTeam.of(threads());
    }
}
