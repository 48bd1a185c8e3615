package org.rnn4j.math;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product of {@link QuantizedMatrix} with the Vector API: a block is 4 float vectors of rows; per column,
 * each vector's bytes are widened to floats and fused-multiply-added with the broadcast x_j, which is
 * {@code Math.fma} lane by lane, so the rows equal the scalar kernel's. Loaded only when the JVM has the Vector
 * API module; unused (block rows 0) where a vector holds fewer than 8 floats.
 */
final class VectorQuantizedKernel implements QuantizedMatrix.QuantizedKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Byte> B = L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L))
            : null;

    @Override
    public int blockRows() {
        return B != null ? 4 * L : 0;
    }

    @Override
    public void blocks(byte[] q, float[] scale, int rows, int cols, int from, int to, float[] x, int xOff,
                       float[] y, int yOff) {
        int blockRows = 4 * L;
        int block = from;
        // two blocks at a time: eight independent sums keep both FMA units fed (10-20% over one block, A/B in a
        // throwaway harness); each row's sum is still taken in column order, so the bits do not change
        for (; block + 2 <= to; block += 2) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector t0 = s0;
            FloatVector t1 = s0;
            FloatVector t2 = s0;
            FloatVector t3 = s0;
            int first = block * cols * blockRows;
            int second = first + cols * blockRows;
            for (int j = 0; j < cols; j++) {
                FloatVector xj = FloatVector.broadcast(F, x[xOff + j]);
                int o = first + j * blockRows;
                int p = second + j * blockRows;
                s0 = widen(q, o).fma(xj, s0);
                s1 = widen(q, o + L).fma(xj, s1);
                s2 = widen(q, o + 2 * L).fma(xj, s2);
                s3 = widen(q, o + 3 * L).fma(xj, s3);
                t0 = widen(q, p).fma(xj, t0);
                t1 = widen(q, p + L).fma(xj, t1);
                t2 = widen(q, p + 2 * L).fma(xj, t2);
                t3 = widen(q, p + 3 * L).fma(xj, t3);
            }
            storeBlock(s0, s1, s2, s3, scale, block * blockRows, rows, y, yOff);
            storeBlock(t0, t1, t2, t3, scale, (block + 1) * blockRows, rows, y, yOff);
        }
        for (; block < to; block++) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int first = block * cols * blockRows;
            for (int j = 0; j < cols; j++) {
                FloatVector xj = FloatVector.broadcast(F, x[xOff + j]);
                int o = first + j * blockRows;
                s0 = widen(q, o).fma(xj, s0);
                s1 = widen(q, o + L).fma(xj, s1);
                s2 = widen(q, o + 2 * L).fma(xj, s2);
                s3 = widen(q, o + 3 * L).fma(xj, s3);
            }
            storeBlock(s0, s1, s2, s3, scale, block * blockRows, rows, y, yOff);
        }
    }

    /** L bytes from q[o], as floats. */
    private static FloatVector widen(byte[] q, int o) {
        return (FloatVector) ByteVector.fromArray(B, q, o).convertShape(VectorOperators.B2F, F, 0);
    }

    /** The four vectors of sums of the block whose first row is {@code first}, as {@link #store} writes one. */
    private static void storeBlock(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, float[] scale,
                                   int first, int rows, float[] y, int yOff) {
        store(s0, scale, first, rows, y, yOff);
        store(s1, scale, first + L, rows, y, yOff);
        store(s2, scale, first + 2 * L, rows, y, yOff);
        store(s3, scale, first + 3 * L, rows, y, yOff);
    }

    /** y[yOff + i] += s_i·sums_i for the rows i in [first, first + L) below {@code rows}. */
    private static void store(FloatVector sums, float[] scale, int first, int rows, float[] y, int yOff) {
        if (first + L <= rows) {
            FloatVector.fromArray(F, y, yOff + first)
                    .add(FloatVector.fromArray(F, scale, first).mul(sums))
                    .intoArray(y, yOff + first);
        } else if (first < rows) {
            VectorMask<Float> m = F.indexInRange(first, rows);
            FloatVector.fromArray(F, y, yOff + first, m)
                    .add(FloatVector.fromArray(F, scale, first).mul(sums))
                    .intoArray(y, yOff + first, m);
        }
    }
}
