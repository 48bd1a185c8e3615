package org.rnn4j.math;

/**
 * A single-precision general matrix product on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is {@code X} or its transpose,
 * {@code op(A)} is m×k, {@code op(B)} is k×n and {@code C} is m×n. Element (i, j) of a row-major matrix with
 * leading dimension {@code ld} stored from {@code off} is {@code x[off + i*ld + j]}.
 *
 * <p>Every matrix product of the layers goes through one implementation of this interface (see {@link Gemm}),
 * so a faster backend replaces all of them at once. When {@code beta == 0}, C is overwritten and its previous
 * contents (even NaN) are ignored. C must not overlap A or B.
 */
public interface GemmBackend {
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /** A short name for logs and benchmark reports. */
    String name();

    /** How many threads one product may use. */
    default int threads() {
        return 1;
    }

    /**
     * The same backend on the calling thread alone: what the recurrent layers use for the per-step products
     * when they run the time loop on several batch slices in parallel. This backend itself when it has one thread.
     */
    default GemmBackend singleThreaded() {
        return this;
    }

    /**
     * A holder for op(B) (k×n), B transposed when {@code transB}, to be packed once and multiplied many times
     * (see {@link PackedOperand}); null when this backend has no packed form, and the caller uses sgemm.
     */
    default PackedOperand packRight(boolean transB, int k, int n) {
        return null;
    }

    /**
     * The input and recurrent products of one batch-1 step at once, with the bias between them:
     * {@code c[j] = h·B[j, :] + (x·A[j, :] + bias[j])} for j &lt; n, with A (n × kx) and B (n × kh) row-major and
     * dense (leading dimensions kx and kh); c is only written. The same bits as the sequence this default runs (the
     * first product into c, the bias added, the second product added with β = 1); a backend that splits rows over
     * threads computes it in one pass, one job for its threads instead of two.
     */
    default void dotRowPair(int n, float[] x, int xOff, int kx, float[] a, int aOff, float[] bias, int biasOff,
                            float[] h, int hOff, int kh, float[] b, int bOff, float[] c, int cOff) {
        sgemm(false, true, 1, n, kx, 1f, x, xOff, kx, a, aOff, kx, 0f, c, cOff, n);
        for (int j = 0; j < n; j++) {
            c[cOff + j] += bias[biasOff + j];
        }
        sgemm(false, true, 1, n, kh, 1f, h, hOff, kh, b, bOff, kh, 1f, c, cOff, n);
    }

    /**
     * Whether a batch-1 product (m = 1, B transposed) sums x·B[j, :] on its own and only then adds β·c[j], and a
     * {@link #dotRowPair} is {@code h·B[j, :] + (x·A[j, :] + bias[j])} in that order, rather than starting the sum
     * from β·c[j]. When it does, the recurrent product of a pair can be taken apart from, and before, its input
     * product with the same bits ({@link org.rnn4j.nn.BatchOneStepper}). The default: no.
     */
    default boolean sumsRowsBeforeBeta() {
        return false;
    }

    /**
     * The batch-1 products of a group ({@link RowProduct}), each with the same bits as the call this default makes
     * for it in turn (sgemm for a single product, {@link #dotRowPair} for a pair); a backend that splits rows over
     * threads runs the whole group as one job, so that a step that reads several matrices with vectors it already
     * has waits for its threads once instead of once per product.
     */
    default void dotRowGroup(RowProduct... products) {
        dotRowGroup(false, products);
    }

    /**
     * {@link #dotRowGroup(RowProduct...)}, the weights walked from the group's end when {@code fromTheEnd}: the
     * same products with the same bits, read in another order. A caller that runs the same group step after step
     * alternates it, so that what a core read last, still in its level-2 cache, is what it reads first next
     * time. This default runs the products in turn, the last first when {@code fromTheEnd}.
     */
    default void dotRowGroup(boolean fromTheEnd, RowProduct... products) {
        for (int i = 0; i < products.length; i++) {
            RowProduct p = products[fromTheEnd ? products.length - 1 - i : i];
            if (p.isPair()) {
                dotRowPair(p.n(), p.x(), p.xOff(), p.kx(), p.a(), p.aOff(), p.bias(), p.biasOff(), p.h(), p.hOff(),
                        p.kh(), p.b(), p.bOff(), p.c(), p.cOff());
            } else {
                sgemm(false, true, 1, p.n(), p.kx(), 1f, p.x(), p.xOff(), p.kx(), p.a(), p.aOff(), p.kx(), p.beta(),
                        p.c(), p.cOff(), p.n());
            }
        }
    }
}
