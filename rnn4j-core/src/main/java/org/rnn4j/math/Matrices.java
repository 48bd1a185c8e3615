package org.rnn4j.math;

/** Small helpers on row-major matrices stored in flat arrays. */
public final class Matrices {
    private Matrices() {
    }

    /**
     * dst (cols×rows, row-major, from 0) = transpose of the (rows×cols) matrix at src[off] with leading dimension
     * ld. Modified: dst. Not modified: src.
     */
    public static void transpose(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            for (int q = 0; q < cols; q++) {
                dst[q * rows + r] = src[s + q];
            }
        }
    }

    /** sums[off + j] += Σ_r m[r, j] for the (rows×cols) matrix m from 0, the rows added in order. */
    public static void addColumnSums(float[] m, int rows, int cols, float[] sums, int off) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                sums[off + j] += m[base + j];
            }
        }
    }
}
