package org.rnn4j.math;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product of {@link QuantizedMatrix} with the Vector API: a block is 4 float vectors of rows; per column,
 * each vector's bytes are widened to floats and fused-multiply-added with the broadcast x_j, which is
 * {@code Math.fma} lane by lane, so the rows equal the scalar kernel's. Loaded only when the JVM has the Vector
 * API module; unused (block rows 0) where a vector holds fewer than 8 floats.
 *
 * <p>The loop calls no method of this class: C2 inlines a helper only while it has not compiled it on its own
 * into a large method ("already compiled into a big method"), and when it did not, every vector the helper
 * returned was boxed: about one run in 25 then sampled 5 times slower for its whole life (JFR: 732 young
 * collections in 2 s). The Vector API's own methods are always inlined ({@code @ForceInline}).
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
        float[] sums = QuantizedMatrix.sums(2 * blockRows);
        // two blocks at a time (QuantizedMatrix pads to an even count and cuts runs at even blocks): eight
        // independent sums keep both FMA units fed (10-30% over one block); each row's sum is still taken in
        // column order, so the bits do not change
        for (int block = from; block < to; block += 2) {
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
                s0 = ((FloatVector) ByteVector.fromArray(B, q, o).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, s0);
                s1 = ((FloatVector) ByteVector.fromArray(B, q, o + L).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, s1);
                s2 = ((FloatVector) ByteVector.fromArray(B, q, o + 2 * L).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, s2);
                s3 = ((FloatVector) ByteVector.fromArray(B, q, o + 3 * L).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, s3);
                t0 = ((FloatVector) ByteVector.fromArray(B, q, p).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, t0);
                t1 = ((FloatVector) ByteVector.fromArray(B, q, p + L).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, t1);
                t2 = ((FloatVector) ByteVector.fromArray(B, q, p + 2 * L).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, t2);
                t3 = ((FloatVector) ByteVector.fromArray(B, q, p + 3 * L).convertShape(VectorOperators.B2F, F, 0))
                        .fma(xj, t3);
            }
            s0.intoArray(sums, 0);
            s1.intoArray(sums, L);
            s2.intoArray(sums, 2 * L);
            s3.intoArray(sums, 3 * L);
            t0.intoArray(sums, 4 * L);
            t1.intoArray(sums, 5 * L);
            t2.intoArray(sums, 6 * L);
            t3.intoArray(sums, 7 * L);
            QuantizedMatrix.addScaled(sums, scale, block * blockRows, Math.min(rows, (block + 2) * blockRows), y, yOff);
        }
    }
}
