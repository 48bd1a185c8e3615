package org.rnn4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' exp, σ and tanh on whole vectors (Vector API, module {@code jdk.incubator.vector}): the
 * same steps in the same order, separate multiplies and adds as in the scalar code (no fused multiply-add), and
 * every branch of the scalar code computed and chosen by lane masks. Each lane is therefore the same float as
 * the scalar function gives (VectorActivationsTest checks it over a sweep of inputs), so a layer computes the
 * same bits with or without the Vector API. The gain is no branch: on the random-signed pre-activations of a
 * layer, the scalar tanh's three cases were mispredicted often enough to take 16% of training time at hidden 512.
 */
public final class VectorActivations {
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187e-06f;

    private VectorActivations() {
    }

    /**
     * a[from …] = σ(a[from …]) in place for the first count - count mod L elements; returns how many it did.
     * Separate loops for σ and tanh keep each compiled loop small: with all five activations of an LSTM unit
     * in one loop, C2 stopped inlining the Vector API's methods and fell back to their slow Java forms.
     */
    public static int sigmoidInPlace(float[] a, int from, int count) {
        int done = count - count % SPECIES.length();
        for (int j = 0; j < done; j += SPECIES.length()) {
            sigmoid(FloatVector.fromArray(SPECIES, a, from + j)).intoArray(a, from + j);
        }
        return done;
    }

    /** a[from …] = tanh(a[from …]) in place for the first count - count mod L elements; returns how many it did. */
    public static int tanhInPlace(float[] a, int from, int count) {
        int done = count - count % SPECIES.length();
        for (int j = 0; j < done; j += SPECIES.length()) {
            tanh(FloatVector.fromArray(SPECIES, a, from + j)).intoArray(a, from + j);
        }
        return done;
    }

    /** e^x lane by lane, as {@link Activations#exp}. */
    public static FloatVector exp(FloatVector x) {
        // x = n·ln2 + r, |r| ≤ ln2/2 ;  e^x = 2^n · e^r ; n the nearest integer to x·log2(e), as the scalar code
        // finds it: in the low bits of x·log2(e) + 1.5·2^23 (no float→int conversion)
        FloatVector shifted = x.mul(LOG2E).add(Activations.ROUND);
        IntVector n = shifted.reinterpretAsInts().sub(Activations.ROUND_BITS);
        FloatVector nf = shifted.sub(Activations.ROUND);
        FloatVector r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720);
        p = r.mul(p).add(1f / 120);
        p = r.mul(p).add(1f / 24);
        p = r.mul(p).add(1f / 6);
        p = r.mul(p).add(0.5f);
        p = r.mul(p).add(1f);
        p = r.mul(p).add(1f);
        // 2^n as float bits; n = 128 happens just below the overflow threshold
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = p.mul(scale);
        FloatVector yBig = p.mul(0x1p127f).mul(2f);
        y = y.blend(yBig, nf.compare(VectorOperators.GT, 127f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72f));
        y = y.blend(0f, x.compare(VectorOperators.LT, -87.3f));
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** σ(x) = 1 / (1 + e^-x), as {@link Activations#sigmoid}. */
    public static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(SPECIES, 1f).div(exp(x.neg()).add(1f));
    }

    /** tanh(x), as {@link Activations#tanh}. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        // |x| < 0.25: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835
        FloatVector x2 = x.mul(x);
        FloatVector q = x2.mul(62f / 2835).add(-17f / 315);
        q = x2.mul(q).add(2f / 15);
        q = x2.mul(q).add(-1f / 3);
        q = x2.mul(q).add(1f);
        FloatVector small = x.mul(q);
        // otherwise 1 - 2/(e^{2|x|} + 1), with the sign of x; 1 above 9.1
        FloatVector y = FloatVector.broadcast(SPECIES, 1f).sub(FloatVector.broadcast(SPECIES, 2f)
                .div(exp(ax.mul(2f)).add(1f)));
        y = y.blend(1f, ax.compare(VectorOperators.GT, 9.1f));
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        FloatVector signed = y.reinterpretAsInts().or(sign).reinterpretAsFloats();
        return signed.blend(small, ax.compare(VectorOperators.LT, 0.25f));
    }
}
