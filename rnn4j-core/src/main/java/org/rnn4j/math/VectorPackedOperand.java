package org.rnn4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PackedOperand} for {@link VectorGemm}'s kernels. op(B) is stored as column panels, each k rows of
 * contiguous floats: panels 3L wide, then one 2L or L wide, then the last n mod L columns. Read with unit stride, a panel
 * stays in cache without the set conflicts that a row stride of 2 or 8 KB (B with 512 or 2048 columns) causes,
 * which held VectorGemm to about 25 GFLOP/s on the recurrent product of hidden 512 against 66 packed (one
 * thread, this project's machine). The blocks have VectorGemm's form (4 rows × 3 or 2 vectors, single rows,
 * then VectorGemm's own 4 × 1 and 1 × 1 kernels), and with 16 lanes 5 rows × 3 vectors as well: every output is
 * one chain of fused multiply-adds over p in order, added to C, so the result is the same bits as
 * {@code VectorGemm.sgemm} with α = β = 1, whatever block its row falls in. The 3L-wide
 * panels are read in k-blocks of {@link #K_BLOCK} rows, each block for all rows of A before the next; a row
 * block's running sums (twelve or fifteen) wait in a per-thread buffer between k-blocks and the chain goes on
 * from them, so k-blocking changes no bit.
 *
 * <p>The 4-row blocks are written out here, with C += acc as one line per vector and no helper method: with
 * VectorGemm's former 4 × 3 kernel (twelve calls of an α/β store method) the JIT's inlining budget ran out
 * among the stores, and a vector handed to a method that is not inlined is boxed on the heap
 * (StepProductBenchmark -prof gc, hidden 128, Java 25: 28,800 bytes per forward product of a 25-row slice then,
 * none now). An earlier 5-row block for the row a 25-row slice leaves over ran out of inlining budget too (210 KB
 * per product); {@link #block5x3}, written out as the 4-row block is, does not (under 1 byte per product).
 */
final class VectorPackedOperand implements PackedOperand {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Depth of a k-block of a 3L-wide panel: K_BLOCK × 3L floats (24 KB with 16 lanes) stay in the L1 cache while
     * every row block of the slice reads them; a whole panel (hidden 512: 96 KB forward, 384 KB backward) came
     * from L2 once per row block. StepProductBenchmark, Java 25, one thread: forward at hidden 512 1,055–1,373 →
     * 1,188–1,747 products/s, backward at 256 4,707–5,540 → 6,648–6,653 (K_BLOCK 256 was no better than none).
     */
    private static final int K_BLOCK = 128;

    /**
     * Whether the 3L-wide panels are also read in blocks of five rows: fifteen running sums, three panel vectors
     * and a broadcast take 19 registers, which AVX-512's 32 hold and AVX2's 16 do not. A 25-row batch slice is
     * then five such blocks instead of six of four and a single row, whose three chains of fused multiply-adds
     * wait on each other (4 cycles each, against two issued per cycle: 38% of the core's peak). One thread,
     * hidden 512, 25 rows (StepProductBenchmark, AMD EPYC Zen 5, Java 25): forward 3,854 → 4,313 products/s,
     * backward 3,863 → 4,350 (202 → 227 GFLOP/s); at 256: 14,806 → 17,273 and 14,658 → 16,540.
     */
    private static final boolean FIVE_ROW_BLOCKS = L >= 16;

    /**
     * How many blocks of five rows an m-row product takes, the rest in blocks of four: the split of m = 5a + 4b + r
     * with the fewest single rows r (each runs three chains of fused multiply-adds that wait on each other), then
     * the most blocks of five. A 25-row batch slice is five blocks of five.
     */
    static int fiveRowBlocks(int m) {
        int best = 0;
        int bestSingles = m % 4;
        for (int a = m / 5; a > 0; a--) {
            int singles = (m - 5 * a) % 4;
            if (singles < bestSingles) {
                best = a;
                bestSingles = singles;
            } else if (singles == bestSingles && a > best) {
                best = a;
            }
        }
        return best;
    }

    /** Below this many floats (k·n) a pack runs on the calling thread alone. */
    private static final long PARALLEL_PACK = 1L << 16;

    private final boolean transB;
    /** The threads that share the packing of the 3L-wide panels (the backend's). */
    private final int threads;
    private final int k;
    private final int n;
    /** Columns in panels 3L wide; in those and the 2L-wide panel; in those and the L-wide panel. */
    private final int n3;
    private final int n2;
    private final int nv;
    private final float[] panels;
    /** Per thread: the operands of its current {@link #multiplyAdd} call, which the 3L-wide blocks read. */
    private final ThreadLocal<Operands> operands = ThreadLocal.withInitial(Operands::new);

    /**
     * One thread's operands of a {@link #multiplyAdd} call: A's rows copied in k-blocks, C, and the running sums of
     * its rows' 3L-wide blocks between k-blocks (m × 3L floats). The 3L-wide blocks read A from the copy, where the
     * rows of a block lie K_BLOCK floats apart (a constant), and take the rest from here instead of as seven more
     * arguments. Before, C2 (Java 25) kept row offsets, the loop's bound and the panel's length on the stack and
     * checked every panel load's bounds inside the k loop (seen in the compiled code); moving the arguments here
     * alone fixed that on Java 25 but left Java 17 compiling the block to 145 GFLOP/s in some JVM runs. With the
     * copy the loop is three panel loads, five broadcasts from one base and fifteen fused multiply-adds (Java 17
     * still compares two panel indices per step, with the bound in a register).
     * The copy is m·k floats per call (25 × 2048 for a backward step at hidden 512), which costs back most of the
     * gain when k is large. Same values, same order of operations: same bits. (Measurements: docs, ninth pass.)
     */
    private static final class Operands {
        /** A's rows in k-blocks: block b's piece of row i, K_BLOCK floats, from rows[(b·m + i)·K_BLOCK]. */
        float[] rows = new float[0];
        int m;
        float[] c;
        int cOff;
        int ldc;
        float[] sums = new float[0];

        /** For the k-block from p0, row i's element p is rows[rowsFrom(p0) + i·K_BLOCK + p]. */
        int rowsFrom(int p0) {
            return p0 / K_BLOCK * m * K_BLOCK - p0;
        }
    }

    VectorPackedOperand(boolean transB, int k, int n, int threads) {
        if (k <= 0 || n <= 0) {
            throw new IllegalArgumentException("k and n must be positive");
        }
        this.threads = threads;
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.nv = n - n % L;
        this.n3 = n - n % (3 * L);
        this.n2 = nv - n3 == 2 * L ? nv : n3;
        this.panels = new float[k * n];
    }

    @Override
    public void pack(float[] b, int bOff, int ldb) {
        // the 3L-wide panels, shared out to the threads when large
        int wide = n3 / (3 * L);
        if (threads > 1 && (long) k * n >= PARALLEL_PACK && wide > 1) {
            WorkerTeam.of(threads).runRanges(wide, Math.min(wide, threads),
                    (from, to) -> packWidePanels(b, bOff, ldb, from, to));
        } else {
            packWidePanels(b, bOff, ldb, 0, wide);
        }
        int at = n3 * k;
        if (n2 > n3) {
            at = packPanel(b, bOff, ldb, n3, 2 * L, at);
        }
        for (int j = n2; j < nv; j += L) {
            at = packPanel(b, bOff, ldb, j, L, at);
        }
        if (nv < n) {
            packPanel(b, bOff, ldb, nv, n - nv, at);
        }
    }

    /** 3L-wide panels [from, to): panel w holds columns [3L·w, 3L·(w + 1)) from panels[3L·w·k]. */
    private void packWidePanels(float[] b, int bOff, int ldb, int from, int to) {
        for (int w = from; w < to; w++) {
            packPanel(b, bOff, ldb, 3 * L * w, 3 * L, 3 * L * w * k);
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
        Operands o = operands.get();
        if (n3 > 0) {
            copyRows(o, m, a, aOff, lda);
        }
        o.c = c;
        o.cOff = cOff;
        o.ldc = ldc;
        if (n3 > 0 && k > K_BLOCK && o.sums.length < m * 3 * L) {
            o.sums = new float[m * 3 * L];
        }
        int m5 = FIVE_ROW_BLOCKS ? fiveRowBlocks(m) * 5 : 0;
        int m45 = m5 + (m - m5) / 4 * 4;
        for (int j = 0; j < n3; j += 3 * L, at += 3 * L * k) {
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int p1 = Math.min(k, p0 + K_BLOCK);
                for (int i = 0; i < m5; i += 5) {
                    block5x3(o, i, j, at, p0, p1);
                }
                for (int i = m5; i < m45; i += 4) {
                    block4x3(o, i, j, at, p0, p1);
                }
                for (int i = m45; i < m; i++) {
                    block1x3(o, i, j, at, p0, p1);
                }
            }
        }
        if (n2 > n3) {
            for (int i = 0; i < m4; i += 4) {
                block4x2(i, n3, at, a, aOff, lda, c, cOff, ldc);
            }
            for (int i = m4; i < m; i++) {
                block1x2(i, n3, at, a, aOff, lda, c, cOff, ldc);
            }
            at += 2 * L * k;
        }
        for (int j = n2; j < nv; j += L, at += L * k) {
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
        // the holder is the thread's for as long as this operand lives: it keeps no caller's arrays alive
        o.c = null;
    }

    /** Copies A's m rows into o.rows in k-blocks of K_BLOCK floats, so each row block reads them at fixed strides. */
    private void copyRows(Operands o, int m, float[] a, int aOff, int lda) {
        int blocks = (k + K_BLOCK - 1) / K_BLOCK;
        if (o.rows.length < blocks * m * K_BLOCK) {
            o.rows = new float[blocks * m * K_BLOCK];
        }
        o.m = m;
        for (int b = 0; b < blocks; b++) {
            int p0 = b * K_BLOCK;
            int kc = Math.min(K_BLOCK, k - p0);
            for (int i = 0; i < m; i++) {
                System.arraycopy(a, aOff + i * lda + p0, o.rows, (b * m + i) * K_BLOCK, kc);
            }
        }
    }

    /**
     * C[i, j..j+3L) += A[i, :]·(the 3L-wide panel at panels[at]): a row left over below a multiple of four,
     * with three independent chains of fused multiply-adds (one chain per vector waits on each result; a batch
     * slice of 25 rows spent a quarter of its product time in that one row).
     */
    private void block1x3(Operands o, int i, int j, int at, int p0, int p1) {
        float[] s = o.sums;
        float[] a = o.rows;
        int lda = K_BLOCK;
        int aOff = o.rowsFrom(p0);
        int so = i * 3 * L;
        FloatVector c0;
        FloatVector c1;
        FloatVector c2;
        if (p0 == 0) {
            c0 = FloatVector.zero(S);
            c1 = c0;
            c2 = c0;
        } else {
            c0 = FloatVector.fromArray(S, s, so);
            c1 = FloatVector.fromArray(S, s, so + L);
            c2 = FloatVector.fromArray(S, s, so + 2 * L);
        }
        int ai = aOff + i * lda;
        float[] bp = panels;
        for (int p = p0, q = at + p0 * 3 * L; p < p1; p++, q += 3 * L) {
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c0 = FloatVector.fromArray(S, bp, q).fma(x, c0);
            c1 = FloatVector.fromArray(S, bp, q + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, bp, q + 2 * L).fma(x, c2);
        }
        if (p1 < k) {
            c0.intoArray(s, so);
            c1.intoArray(s, so + L);
            c2.intoArray(s, so + 2 * L);
            return;
        }
        float[] c = o.c;
        int ldc = o.ldc;
        int ci = o.cOff + i * ldc + j;
        c0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c1.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c2.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
    }

    /** C[i..i+5, j..j+3L) += A[i..i+5, :]·(the 3L-wide panel at panels[at]); as {@link #block4x3}, one row more. */
    private void block5x3(Operands o, int i, int j, int at, int p0, int p1) {
        float[] s = o.sums;
        float[] a = o.rows;
        int lda = K_BLOCK;
        int aOff = o.rowsFrom(p0);
        int so = i * 3 * L;
        int lds = 3 * L;
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
        FloatVector c40;
        FloatVector c41;
        FloatVector c42;
        if (p0 == 0) {
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
            c40 = c00;
            c41 = c00;
            c42 = c00;
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
            c40 = FloatVector.fromArray(S, s, so + 4 * lds);
            c41 = FloatVector.fromArray(S, s, so + 4 * lds + L);
            c42 = FloatVector.fromArray(S, s, so + 4 * lds + 2 * L);
        }
        int a0 = aOff + i * lda;
        float[] bp = panels;
        for (int p = p0, q = at + p0 * 3 * L; p < p1; p++, q += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(S, bp, q);
            FloatVector b1 = FloatVector.fromArray(S, bp, q + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, q + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[a0 + lda + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(S, a[a0 + 4 * lda + p]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
        }
        if (p1 < k) {
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
            c40.intoArray(s, so + 4 * lds);
            c41.intoArray(s, so + 4 * lds + L);
            c42.intoArray(s, so + 4 * lds + 2 * L);
            return;
        }
        float[] c = o.c;
        int ldc = o.ldc;
        int ci = o.cOff + i * ldc + j;
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c02.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c10.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c11.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c12.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c20.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c21.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c22.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c30.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c31.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c32.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c40.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c41.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c42.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
    }

    /** C[i..i+4, j..j+3L) += A[i..i+4, :]·(the 3L-wide panel at panels[at]). */
    private void block4x3(Operands o, int i, int j, int at, int p0, int p1) {
        float[] s = o.sums;
        float[] a = o.rows;
        int lda = K_BLOCK;
        int aOff = o.rowsFrom(p0);
        int so = i * 3 * L;
        int lds = 3 * L;
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
        if (p0 == 0) {
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
        int a0 = aOff + i * lda;
        float[] bp = panels;
        for (int p = p0, q = at + p0 * 3 * L; p < p1; p++, q += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(S, bp, q);
            FloatVector b1 = FloatVector.fromArray(S, bp, q + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, q + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, a[a0 + lda + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
        }
        if (p1 < k) {
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
            return;
        }
        float[] c = o.c;
        int ldc = o.ldc;
        int ci = o.cOff + i * ldc + j;
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c02.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c10.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c11.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c12.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c20.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c21.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c22.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        ci += ldc;
        c30.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c31.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c32.add(FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
    }

    /** C[i..i+4, j..j+2L) += A[i..i+4, :]·(the 2L-wide panel at panels[at]). */
    private void block4x2(int i, int j, int at, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int a0 = aOff + i * lda;
        float[] bp = panels;
        for (int p = 0; p < k; p++) {
            int q = at + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, bp, q);
            FloatVector b1 = FloatVector.fromArray(S, bp, q + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a0 + lda + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a0 + 2 * lda + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a0 + 3 * lda + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        int ci = cOff + i * ldc + j;
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        ci += ldc;
        c10.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c11.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        ci += ldc;
        c20.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c21.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        ci += ldc;
        c30.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c31.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
    }

    /** C[i, j..j+2L) += A[i, :]·(the 2L-wide panel at panels[at]). */
    private void block1x2(int i, int j, int at, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        int ai = aOff + i * lda;
        float[] bp = panels;
        for (int p = 0; p < k; p++) {
            int q = at + p * 2 * L;
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c0 = FloatVector.fromArray(S, bp, q).fma(x, c0);
            c1 = FloatVector.fromArray(S, bp, q + L).fma(x, c1);
        }
        // written out, as in the other blocks: a helper taking vectors that C2 leaves out of line (it did, at this
        // rarely taken call site) receives them boxed on the heap
        int ci = cOff + i * ldc + j;
        c0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c1.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
    }
}
