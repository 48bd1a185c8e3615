package org.rnn4j.math;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * VectorActivations gives, lane by lane, the same float as Activations (compared as bits, so NaN, ±0 and ±∞
 * count too) over every region of the scalar code: both sides of each branch threshold, the overflow and
 * underflow limits of exp, the polynomial range of tanh, special values, and a random sweep.
 */
class VectorActivationsTest {
    @Test
    void everyLaneEqualsTheScalarFunction() {
        assumeTrue(GemmBackends.vectorApiLoaded(), "no Vector API module");
        int lanes = VectorActivations.SPECIES.length();
        float[] special = {0f, -0f, 1f, -1f, 0.25f, -0.25f, Math.nextDown(0.25f), Math.nextUp(-0.25f), 9.1f, -9.1f,
                Math.nextUp(9.1f), 88.72f, Math.nextUp(88.72f), -87.3f, Math.nextDown(-87.3f), 88.7f, 89f, -90f,
                -87.2f, 44.36f, -43.6f, 1e-30f, -1e-30f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.5f * (float) Math.log(2)};
        // where exp's n changes: x·log2(e) at and around k and k + ½ (the rounding and truncation edges)
        float[] edges = new float[261 * 2 * 7];
        int e0 = 0;
        for (int k = -130; k <= 130; k++) {
            for (double frac : new double[] {0, 0.5}) {
                float at = (float) ((k + frac) * Math.log(2));
                for (int ulps = -3; ulps <= 3; ulps++) {
                    edges[e0++] = at + ulps * Math.ulp(at);
                }
            }
        }
        Random rnd = new Random(7);
        int n = 200_000;
        float[] x = new float[special.length + edges.length + n + lanes];
        System.arraycopy(special, 0, x, 0, special.length);
        System.arraycopy(edges, 0, x, special.length, edges.length);
        for (int i = special.length + edges.length; i < x.length; i++) {
            // mostly the range the gates see, some far out
            x[i] = (float) (rnd.nextInt(10) == 0 ? rnd.nextGaussian() * 60 : rnd.nextGaussian() * 4);
        }
        for (int off = 0; off + lanes <= x.length; off += lanes) {
            FloatVector v = FloatVector.fromArray(VectorActivations.SPECIES, x, off);
            float[] e = VectorActivations.exp(v).toArray();
            float[] s = VectorActivations.sigmoid(v).toArray();
            float[] t = VectorActivations.tanh(v).toArray();
            for (int l = 0; l < lanes; l++) {
                float xi = x[off + l];
                assertEquals(Float.floatToIntBits(Activations.exp(xi)), Float.floatToIntBits(e[l]), "exp(" + xi + ")");
                assertEquals(Float.floatToIntBits(Activations.sigmoid(xi)), Float.floatToIntBits(s[l]),
                        "sigmoid(" + xi + ")");
                assertEquals(Float.floatToIntBits(Activations.tanh(xi)), Float.floatToIntBits(t[l]), "tanh(" + xi + ")");
            }
        }
    }
}
