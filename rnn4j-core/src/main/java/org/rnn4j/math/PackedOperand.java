package org.rnn4j.math;

/**
 * The right-hand operand op(B) (k×n) of many products with the same B, copied once into the layout a kernel
 * reads fastest: the recurrent weights, which every step of a time loop multiplies. A GEMM routine packs B
 * again at every call; a time loop of T steps packs it once ({@link GemmBackend#packRight}).
 *
 * <p>{@link #multiplyAdd} only reads the packed copy, so several threads may call it at once.
 */
public interface PackedOperand {
    /** Copies op(B) from b (row-major, leading dimension ldb; transposed when the operand was made so). */
    void pack(float[] b, int bOff, int ldb);

    /** C += A·op(B) on the calling thread, A m×k and C m×n, row-major. */
    void multiplyAdd(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc);
}
