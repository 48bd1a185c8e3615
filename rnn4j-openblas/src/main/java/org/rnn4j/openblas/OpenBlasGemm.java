package org.rnn4j.openblas;

import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.PackedOperand;
import org.rnn4j.math.RowProduct;
import org.rnn4j.math.WorkerTeam;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@link GemmBackend} on OpenBLAS's {@code cblas_sgemm}. On Java 22+ it is called through the FFM API directly
 * on the Java arrays: no copy, whatever the offsets (a slice of {@code MemorySegment.ofArray} is passed to a
 * downcall made with {@code Linker.Option.critical(true)}). On Java 17–21 it is called through JavaCPP's JNI
 * wrappers on native copies of the operands ({@link JniOpenBlas}). {@link OpenBlasBinding} says how one is
 * chosen, and {@link #library()} which library was loaded. Install it with
 * {@code Gemm.setBackend(new OpenBlasGemm(threads))}, or let {@code org.rnn4j.math.GemmBackends.select} choose it
 * when available.
 *
 * <p>Semantics are {@link GemmBackend}'s, and checked here before any native code runs (which checks nothing):
 * offsets, leading dimensions ({@code ld ≥} the stored row length) and the extent of every matrix must lie
 * inside its array, else {@link IndexOutOfBoundsException} or {@link IllegalArgumentException}, with C untouched.
 * {@code m}, {@code n} or {@code k} may be 0: with {@code k == 0}, {@code C = beta·C}. With {@code beta == 0}
 * C is overwritten (NaN in C does not survive). C must not overlap A or B: the result is then undefined (the
 * arrays stay in bounds, but C holds garbage); A and B may share an array with each other, and with C when
 * the regions are disjoint.
 *
 * <p>Threads: OpenBLAS runs single-threaded; a product of at least 2^18 multiply-adds is cut along the longer
 * of m and n into one part per thread of this backend's {@link #threads()}, and the parts run at once on
 * rnn4j's {@link WorkerTeam}, each an OpenBLAS call on its own rows (or columns) of C. The team is the one the
 * time loops and the other parallel jobs use, so between a time loop and the products after it no second set
 * of threads has to wake (OpenBLAS's own workers slept through each time loop and the caller waited on them:
 * 1.9% of the main thread's samples at hidden 512). Training, in one JVM, updates alternating (bench, Java 25,
 * AMD EPYC Zen 5): hidden 512 258.6 → 251.8 and 263.5 → 258.8 ms per update, 256 74.7 → 73.4, 128 23.2 → 22.4;
 * on Java 17 (JNI binding, which stages each part's operands itself) 296.4 → 293.4 and 274.6 → 278.1, no
 * difference. With the same thread count, the same inputs give the same bits run to run on a given machine and
 * library (the results may differ between thread counts, between CPU models, whose kernels OpenBLAS picks at
 * run time, and from {@link org.rnn4j.math.JavaGemm}'s).
 *
 * <p>Unlike the Java backends, OpenBLAS picks its kernels by shape, so a row of C may differ in its last bits
 * depending on how many rows are computed together (seen for m = 1 against m = 100 with B transposed and
 * k ≥ 33).
 *
 * <p>One product goes elsewhere: a single row times a transposed matrix (m = 1, B transposed, A not), the
 * vector–matrix product of every batch-1 sampling step. OpenBLAS's sgemm computes it at about 2.6 GFLOP/s on one
 * thread here (1×2048×512), {@code cblas_sgemv} about 3 times faster; {@link org.rnn4j.math.VectorGemm} does it
 * faster still, on all of this backend's threads, so when the JVM has the Vector API module these products go
 * there ({@link #name()} then ends in "+ vector rows").
 *
 * <p>With the FFM binding, while a product runs, its thread stays "in Java" (that is what lets the native code
 * use the heap arrays): garbage collection and other safepoints wait for it to finish, which delays them by up
 * to one product's time (about 40 ms for 5000×2048×512, 10 GFLOP, on two cores here). The JNI binding does not
 * hold them up, and pays for that with the copies.
 */
public final class OpenBlasGemm implements GemmBackend {
    /** Below this many multiply-adds a product runs on one thread (OpenBLAS's own threshold, 4 · 2^16). */
    private static final long PARALLEL_WORK = 1L << 18;

    private final OpenBlasBinding lib;
    private final int threads;
    private volatile GemmBackend serial;
    /** Computes the m = 1, B-transposed products; null without the Vector API module. */
    private final GemmBackend rowProducts;

    /** On the calling thread only. */
    public OpenBlasGemm() {
        this(1);
    }

    /**
     * @param threads threads per product, each running OpenBLAS on its part (1 = the calling thread only)
     * @throws IllegalStateException when no OpenBLAS library can be loaded; the message says why, on one line
     */
    public OpenBlasGemm(int threads) {
        this(threads, OpenBlasBinding.get());
    }

    /** With the given binding (the tests run both). */
    OpenBlasGemm(int threads, OpenBlasBinding binding) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.lib = binding;
        this.threads = threads;
        this.rowProducts = GemmBackends.vectorIfLoaded(threads);
    }

    /** Whether an OpenBLAS library loads (loading is tried once per JVM). */
    public static boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** Why no OpenBLAS library could be loaded, on one line; empty when one is loaded. */
    public static Optional<String> unavailableReason() {
        try {
            OpenBlasBinding.get();
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The library in use: OpenBLAS's configuration string, where it was loaded from and the binding, e.g.
     * {@code OpenBLAS 0.3.30 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64 (bundled /root/.javacpp/…, FFM)}.
     *
     * @throws IllegalStateException when there is none
     */
    public static String library() {
        OpenBlasBinding lib = OpenBlasBinding.get();
        return lib.config() + " (" + lib.source() + ", " + lib.kind() + ")";
    }

    @Override
    public int threads() {
        return threads;
    }

    /**
     * The Vector API's packed operand when the JVM has the module: for the per-step products of a time loop on
     * batch slices (m = 25, one thread) it measured 66–99 GFLOP/s against OpenBLAS's 35–70 here, because OpenBLAS
     * packs the weights again at every call. Null without the module.
     */
    @Override
    public PackedOperand packRight(boolean transB, int k, int n) {
        return rowProducts != null ? rowProducts.packRight(transB, k, n) : null;
    }

    @Override
    public GemmBackend singleThreaded() {
        GemmBackend one = serial;
        if (one == null) {
            one = threads == 1 ? this : new OpenBlasGemm(1, lib);
            serial = one;
        }
        return one;
    }

    /** E.g. {@code openblas(2 threads, OpenBLAS 0.3.30 Cooperlake, bundled, FFM) + vector rows}. */
    @Override
    public String name() {
        return "openblas(" + threads + (threads == 1 ? " thread, " : " threads, ") + lib.shortDescription() + ")"
                + (rowProducts != null ? " + vector rows" : "");
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        checkMatrix("C", c, cOff, m, n, ldc);
        if (k == 0) {
            // C = beta·C; A and B are not read (cblas would still insist on lda, ldb ≥ 1)
            scale(beta, c, cOff, m, n, ldc);
            return;
        }
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        if (m == 1 && transB && !transA && rowProducts != null) {
            rowProducts.sgemm(false, true, 1, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (threads == 1 || (long) m * n * k < PARALLEL_WORK || Math.max(m, n) < 2 * threads) {
            lib.sgemm(1, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // one part per thread along the longer of m and n: rows [from, to) of C are rows of op(A) (columns of A
        // when transposed), columns [from, to) of C columns of op(B) (rows of B when transposed)
        boolean byRows = m >= n;
        WorkerTeam.of(threads).runRanges(byRows ? m : n, threads, (from, to) -> {
            if (byRows) {
                lib.sgemm(1, transA, transB, to - from, n, k, alpha, a, aOff + (transA ? from : from * lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            } else {
                lib.sgemm(1, transA, transB, m, to - from, k, alpha, a, aOff, lda,
                        b, bOff + (transB ? from * ldb : from), ldb, beta, c, cOff + from, ldc);
            }
        });
    }

    /** On the Java row products where they are loaded (one pass, one job), else as two products. */
    @Override
    public void dotRowPair(int n, float[] x, int xOff, int kx, float[] a, int aOff, float[] bias, int biasOff,
                           float[] h, int hOff, int kh, float[] b, int bOff, float[] c, int cOff) {
        if (rowProducts != null) {
            rowProducts.dotRowPair(n, x, xOff, kx, a, aOff, bias, biasOff, h, hOff, kh, b, bOff, c, cOff);
        } else {
            GemmBackend.super.dotRowPair(n, x, xOff, kx, a, aOff, bias, biasOff, h, hOff, kh, b, bOff, c, cOff);
        }
    }

    /** As the Java row products sum, where they are loaded; else no (OpenBLAS's own order is not known). */
    @Override
    public boolean sumsRowsBeforeBeta() {
        return rowProducts != null && rowProducts.sumsRowsBeforeBeta();
    }

    /** On the Java row products where they are loaded (one job for the group), else one product after another. */
    @Override
    public void dotRowGroup(boolean fromTheEnd, RowProduct... products) {
        if (rowProducts != null) {
            rowProducts.dotRowGroup(fromTheEnd, products);
        } else {
            GemmBackend.super.dotRowGroup(fromTheEnd, products);
        }
    }

    /** A rows×cols row-major matrix (rows, cols ≥ 1) at x[off], leading dimension ld, must lie inside x. */
    private static void checkMatrix(String what, float[] x, int off, int rows, int cols, int ld) {
        if (ld < cols) {
            throw new IllegalArgumentException(what + ": leading dimension " + ld + " < " + cols + " columns");
        }
        long end = off + (long) (rows - 1) * ld + cols;   // one past the last element read or written
        if (off < 0 || end > x.length) {
            throw new IndexOutOfBoundsException(what + ": " + rows + "×" + cols + " matrix at offset " + off
                    + " with leading dimension " + ld + " needs " + end + " elements, the array has " + x.length);
        }
    }

    private static void scale(float beta, float[] c, int cOff, int m, int n, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }
}
