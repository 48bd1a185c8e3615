package org.rnn4j.reference;

import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.tasks.tag.WordFeatures;
import org.rnn4j.tasks.translate.LuongAttention;
import org.rnn4j.tasks.translate.StateBridge;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rnn4j.reference.Numerics.FD_STEP;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.dot;
import static org.rnn4j.reference.Numerics.finiteDifferences;
import static org.rnn4j.reference.Numerics.flatten;
import static org.rnn4j.reference.Numerics.roundToFloat;
import static org.rnn4j.reference.Numerics.rows;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * The layers the tag and translate tasks add: Luong attention with its tanh output projection, the tagger's
 * gather-and-concatenate of character states, the encoder-to-decoder state bridge. Each double-precision
 * reference's backward against centred finite differences of its forward (relative error below 1e-6), then
 * the float code against the reference (below 1e-4). The source lengths are ragged (padding masked).
 */
class TaskLayersReferenceTest {
    static final int BATCH = 3;
    static final int STEPS = 4;
    static final int SOURCE = 5;
    static final int DIM = 3;
    static final int OUT = 4;
    static final int[] LENGTHS = {5, 2, 4};

    private static RefLuongAttention randomAttention(Random rnd) {
        RefLuongAttention ref = new RefLuongAttention(DIM, OUT);
        System.arraycopy(roundToFloat(uniform(rnd, ref.combine.weight.length, 0.7)), 0, ref.combine.weight, 0,
                ref.combine.weight.length);
        System.arraycopy(roundToFloat(uniform(rnd, OUT, 0.3)), 0, ref.combine.bias, 0, OUT);
        return ref;
    }

    /** Zero at the padded source steps (s ≥ len_b), as the float code expects them. */
    private static double[][][] encoderOutputs(Random rnd) {
        double[][][] e = roundToFloat(uniform(rnd, BATCH, SOURCE, DIM, 1.2));
        for (int b = 0; b < BATCH; b++) {
            for (int s = LENGTHS[b]; s < SOURCE; s++) {
                java.util.Arrays.fill(e[b][s], 0);
            }
        }
        return e;
    }

    @Test
    void attentionReferenceBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(501);
        RefLuongAttention ref = randomAttention(rnd);
        double[][][] h = uniform(rnd, BATCH, STEPS, DIM, 1.2);
        double[][][] e = encoderOutputs(rnd);
        double[][][] r = uniform(rnd, BATCH, STEPS, OUT, 1.0);
        ref.forward(h, e, LENGTHS);
        ref.backward(r);
        java.util.function.DoubleSupplier loss = () -> dot(ref.forward(h, e, LENGTHS), r);
        assertClose("attention reference vs FD", "dh", finiteDifferences(loss, rows(h), FD_STEP), flatten(ref.dH), 1e-6);
        // only the real source steps are inputs; padded ones get no gradient
        double[] fdE = finiteDifferences(loss, rows(e), FD_STEP);
        double[] dE = flatten(ref.dE);
        for (int b = 0; b < BATCH; b++) {
            for (int s = LENGTHS[b]; s < SOURCE; s++) {
                for (int k = 0; k < DIM; k++) {
                    int i = (b * SOURCE + s) * DIM + k;
                    assertEquals(0.0, fdE[i], 1e-12);
                    assertEquals(0.0, dE[i], 0.0);
                }
            }
        }
        assertClose("attention reference vs FD", "de", fdE, dE, 1e-6);
        assertClose("attention reference vs FD", "dW_c",
                finiteDifferences(loss, ref.combine.weight, FD_STEP), ref.combine.gWeight, 1e-6);
        assertClose("attention reference vs FD", "db_c",
                finiteDifferences(loss, ref.combine.bias, FD_STEP), ref.combine.gBias, 1e-6);
    }

    @Test
    void attentionFloatMatchesReference() {
        Random rnd = new Random(502);
        RefLuongAttention ref = randomAttention(rnd);
        double[][][] h = roundToFloat(uniform(rnd, BATCH, STEPS, DIM, 1.2));
        double[][][] e = encoderOutputs(rnd);
        double[][][] r = roundToFloat(uniform(rnd, BATCH, STEPS, OUT, 1.0));
        double[][][] y = ref.forward(h, e, LENGTHS);
        ref.backward(r);

        Parameters params = new Parameters();
        LuongAttention att = new LuongAttention(params, "attention.", DIM, OUT);
        att.combine().weight().set(Numerics.toFloat(ref.combine.weight));
        att.combine().bias().set(Numerics.toFloat(ref.combine.bias));
        float[] yf = att.forward(Numerics.toTimeMajor(h), STEPS, Numerics.toTimeMajor(e), SOURCE, LENGTHS, BATCH);
        assertClose("attention float vs reference", "y", flatten(y),
                flatten(Numerics.fromTimeMajor(yf, STEPS, BATCH, OUT)), 1e-5);
        att.backward(Numerics.toTimeMajor(r));
        assertClose("attention float vs reference", "dh", flatten(ref.dH),
                flatten(Numerics.fromTimeMajor(att.dDecoder(), STEPS, BATCH, DIM)), 1e-4);
        assertClose("attention float vs reference", "de", flatten(ref.dE),
                flatten(Numerics.fromTimeMajor(att.dEncoder(), SOURCE, BATCH, DIM)), 1e-4);
        assertClose("attention float vs reference", "dW_c", ref.combine.gWeight,
                Numerics.toDouble(att.combine().weight().gradient(), 0, ref.combine.gWeight.length), 1e-4);
        assertClose("attention float vs reference", "db_c", ref.combine.gBias,
                Numerics.toDouble(att.combine().bias().gradient(), 0, OUT), 1e-4);
    }

    static final int WORDS = 6;
    static final int EMB = 3;
    static final int CHAR = 2;
    static final int DISTINCT = 3;
    /** Word 1 occurs twice; the last position is padding. */
    static final int[] UNIQUE = {0, 1, 2, 1, 0, -1};

    @Test
    void wordFeaturesReferenceBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(503);
        double[][] e = new double[WORDS][];
        for (int n = 0; n < WORDS; n++) {
            e[n] = uniform(rnd, EMB, 1);
        }
        double[][][] chars = uniform(rnd, 2, DISTINCT, CHAR, 1);
        double[][] r = new double[WORDS][];
        for (int n = 0; n < WORDS; n++) {
            r[n] = uniform(rnd, EMB + 2 * CHAR, 1);
        }
        java.util.function.DoubleSupplier loss = () -> {
            double[][] x = RefWordFeatures.forward(e, chars, UNIQUE);
            double s = 0;
            for (int n = 0; n < WORDS; n++) {
                for (int j = 0; j < x[n].length; j++) {
                    s += x[n][j] * r[n][j];
                }
            }
            return s;
        };
        double[][] grads = RefWordFeatures.backward(r, EMB, DISTINCT, CHAR, UNIQUE);
        assertClose("word features reference vs FD", "de", finiteDifferences(loss, List.of(e), FD_STEP), grads[0], 1e-6);
        assertClose("word features reference vs FD", "dchars", finiteDifferences(loss, rows(chars), FD_STEP),
                grads[1], 1e-6);
    }

    @Test
    void wordFeaturesFloatMatchesReference() {
        Random rnd = new Random(504);
        double[][] e = new double[WORDS][];
        float[] ef = new float[WORDS * EMB];
        for (int n = 0; n < WORDS; n++) {
            e[n] = roundToFloat(uniform(rnd, EMB, 1));
            for (int j = 0; j < EMB; j++) {
                ef[n * EMB + j] = (float) e[n][j];
            }
        }
        double[][][] chars = roundToFloat(uniform(rnd, 2, DISTINCT, CHAR, 1));
        RecurrentState state = new RecurrentState(2, DISTINCT, CHAR, true);
        System.arraycopy(Numerics.toFlat(chars), 0, state.h(), 0, state.h().length);
        WordFeatures features = new WordFeatures(EMB, CHAR);
        float[] x = features.forward(ef, state, UNIQUE, WORDS);
        double[][] expected = RefWordFeatures.forward(e, chars, UNIQUE);
        double[] flat = new double[WORDS * (EMB + 2 * CHAR)];
        for (int n = 0; n < WORDS; n++) {
            System.arraycopy(expected[n], 0, flat, n * (EMB + 2 * CHAR), EMB + 2 * CHAR);
        }
        assertClose("word features float vs reference", "x", flat, Numerics.toDouble(x, 0, flat.length), 1e-12);

        double[][] r = new double[WORDS][];
        float[] rf = new float[flat.length];
        for (int n = 0; n < WORDS; n++) {
            r[n] = roundToFloat(uniform(rnd, EMB + 2 * CHAR, 1));
            for (int j = 0; j < r[n].length; j++) {
                rf[n * r[n].length + j] = (float) r[n][j];
            }
        }
        RecurrentState dState = new RecurrentState(2, DISTINCT, CHAR, true);
        float[] de = features.backward(rf, dState);
        double[][] grads = RefWordFeatures.backward(r, EMB, DISTINCT, CHAR, UNIQUE);
        assertClose("word features float vs reference", "de", grads[0], Numerics.toDouble(de, 0, WORDS * EMB), 1e-6);
        assertClose("word features float vs reference", "dchars", grads[1],
                Numerics.toDouble(dState.h(), 0, grads[1].length), 1e-6);
    }

    /** The bridge is a permutation of values: forward as defined, backward its transpose (⟨Bx, y⟩ = ⟨x, Bᵀy⟩). */
    @Test
    void stateBridgeConcatenatesDirectionsAndBackwardIsItsTranspose() {
        Random rnd = new Random(505);
        int b = 3;
        int hid = 2;
        RecurrentState enc = new RecurrentState(2, b, hid, true);
        RecurrentState dec = new RecurrentState(1, b, 2 * hid, true);
        double[] x = roundToFloat(uniform(rnd, enc.h().length, 1));
        double[] xc = roundToFloat(uniform(rnd, enc.c().length, 1));
        System.arraycopy(Numerics.toFloat(x), 0, enc.h(), 0, x.length);
        System.arraycopy(Numerics.toFloat(xc), 0, enc.c(), 0, xc.length);
        StateBridge.forward(enc, dec);
        for (int j = 0; j < b; j++) {
            for (int k = 0; k < hid; k++) {
                assertEquals(x[j * hid + k], dec.h()[j * 2 * hid + k], 0);
                assertEquals(x[(b + j) * hid + k], dec.h()[j * 2 * hid + hid + k], 0);
                assertEquals(xc[(b + j) * hid + k], dec.c()[j * 2 * hid + hid + k], 0);
            }
        }
        RecurrentState dDec = new RecurrentState(1, b, 2 * hid, true);
        double[] y = roundToFloat(uniform(rnd, dDec.h().length, 1));
        System.arraycopy(Numerics.toFloat(y), 0, dDec.h(), 0, y.length);
        RecurrentState dEnc = new RecurrentState(2, b, hid, true);
        StateBridge.backward(dDec, dEnc);
        double lhs = 0;
        double rhs = 0;
        for (int i = 0; i < y.length; i++) {
            lhs += dec.h()[i] * y[i];
        }
        for (int i = 0; i < x.length; i++) {
            rhs += x[i] * dEnc.h()[i];
        }
        assertEquals(lhs, rhs, 1e-12);
    }
}
