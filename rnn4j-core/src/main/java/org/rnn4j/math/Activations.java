package org.rnn4j.math;

/**
 * The element-wise non-linearities of the recurrent cells, in float: {@link #exp} is a range reduction
 * to [-ln2/2, ln2/2] and a degree-7 Taylor polynomial (relative error about 2e-7 where the result is a normal
 * float), and σ and tanh are built on it. In a short JMH run (LstmGateBenchmark) this tanh was about 7 times
 * faster than {@link Math#tanh}, while σ was no faster than one built on the {@link Math#exp} intrinsic;
 * ActivationsTest bounds their error against the double-precision functions.
 */
public final class Activations {
    private static final float LOG2E = 1.44269504f;
    // ln 2 split in two so that n·LN2_HI is exact for |n| < 2^9
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187e-06f;
    /** 1.5·2^23: adding it to a float below 2^22 in magnitude rounds it to an integer kept in the low bits. */
    static final float ROUND = 0x1.8p23f;
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    private Activations() {
    }

    /** e^x; 0 below -87.3 (where e^x is no longer a normal float), +∞ above 88.7, NaN for NaN. */
    public static float exp(float x) {
        if (x > 88.72f) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < -87.3f) {
            return 0f;
        }
        if (x != x) {
            return x;
        }
        // x = n·ln2 + r, |r| ≤ ln2/2 ;  e^x = 2^n · e^r
        // n = x·log2(e) rounded to the nearest integer (ties to even) by adding 1.5·2^23, which leaves n in the
        // low mantissa bits: no float→int conversion, so the vector form needs none (Java 17 does not compile
        // one on 512-bit vectors)
        float shifted = x * LOG2E + ROUND;
        int n = Float.floatToRawIntBits(shifted) - ROUND_BITS;
        float nf = shifted - ROUND;
        float r = x - nf * LN2_HI - nf * LN2_LO;
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120
                + r * (1f / 720 + r * (1f / 5040)))))));
        // 2^n as float bits; n = 128 happens just below the overflow threshold
        return n > 127 ? p * 0x1p127f * 2f : p * Float.intBitsToFloat((n + 127) << 23);
    }

    /** σ(x) = 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** tanh(x): an odd Taylor series near 0, else 1 - 2/(e^{2|x|} + 1) with the sign of x. */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 0.25f) {
            // x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835 ; next term < 3e-9 relative here
            float x2 = x * x;
            return x * (1f + x2 * (-1f / 3 + x2 * (2f / 15 + x2 * (-17f / 315 + x2 * (62f / 2835)))));
        }
        if (ax > 9.1f) {
            return Math.copySign(1f, x);
        }
        float y = 1f - 2f / (exp(2f * ax) + 1f);
        return Math.copySign(y, x);
    }

    public static float relu(float x) {
        return x > 0f ? x : 0f;
    }
}
