package org.rnn4j.nn;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Activations;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vectorised GRU step (Gru.VECTOR_ROWS) writes the same bits as the scalar formulas of Gru.stepForward and
 * Gru.stepBackward, unit by unit, into every array it touches, and leaves the units past its run untouched for
 * the scalar loop; backward also when it writes the gradients over the gates, as the layer has it do.
 */
class VectorGruRowKernelTest {
    @Test
    void vectorRowEqualsScalarFormulasBitForBit() {
        assumeTrue(Gru.VECTOR_ROWS != null, "no Vector API module");
        Random rnd = new Random(13);
        for (int h : new int[] {16, 37, 128, 200}) {
            int g0 = 3;
            int prev = 5;
            int next = prev + h + 2;
            int o = 7;
            float[] gates = random(rnd, g0 + 3 * h, 3);
            float[] hproj = random(rnd, g0 + 3 * h, 3);
            float[] hs = random(rnd, next + h, 1);
            float[] vGates = gates.clone();
            float[] vHs = hs.clone();
            float[] vOut = new float[o + h];
            int done = Gru.VECTOR_ROWS.forward(vGates, hproj, g0, vHs, prev, next, vOut, o, h);
            assertEquals(h - h % jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), done);

            float[] sGates = gates.clone();
            float[] sHs = hs.clone();
            float[] sOut = new float[o + h];
            for (int j = 0; j < done; j++) {
                float r = Activations.sigmoid(sGates[g0 + j] + hproj[g0 + j]);
                float z = Activations.sigmoid(sGates[g0 + h + j] + hproj[g0 + h + j]);
                float n = Activations.tanh(sGates[g0 + 2 * h + j] + r * hproj[g0 + 2 * h + j]);
                sGates[g0 + j] = r;
                sGates[g0 + h + j] = z;
                sGates[g0 + 2 * h + j] = n;
                float ht = (1f - z) * n + z * sHs[prev + j];
                sHs[next + j] = ht;
                sOut[o + j] = ht;
            }
            assertArrayEquals(sGates, vGates, "gates, h " + h);
            assertArrayEquals(sHs, vHs, "h_t, h " + h);
            assertArrayEquals(sOut, vOut, "output, h " + h);

            // backward from the activated gates
            int s = 4;
            float[] dOutput = random(rnd, o + h, 1);
            float[] dh = random(rnd, s + h, 1);
            float[] vDh = dh.clone();
            float[] vDGates = new float[g0 + 3 * h];
            float[] vDHproj = new float[g0 + 3 * h];
            assertEquals(done, Gru.VECTOR_ROWS.backward(sGates, hproj, g0, sHs, prev, o, dOutput, vDh, s, vDGates,
                    vDHproj, h));
            float[] sDh = dh.clone();
            float[] sDGates = new float[g0 + 3 * h];
            float[] sDHproj = new float[g0 + 3 * h];
            for (int j = 0; j < done; j++) {
                float r = sGates[g0 + j];
                float z = sGates[g0 + h + j];
                float n = sGates[g0 + 2 * h + j];
                float dhj = sDh[s + j] + dOutput[o + j];
                float dAn = dhj * (1f - z) * (1f - n * n);
                float dAz = dhj * (sHs[prev + j] - n) * z * (1f - z);
                float dAr = dAn * hproj[g0 + 2 * h + j] * r * (1f - r);
                sDGates[g0 + j] = dAr;
                sDGates[g0 + h + j] = dAz;
                sDGates[g0 + 2 * h + j] = dAn;
                sDHproj[g0 + j] = dAr;
                sDHproj[g0 + h + j] = dAz;
                sDHproj[g0 + 2 * h + j] = dAn * r;
                sDh[s + j] = dhj * z;
            }
            assertArrayEquals(sDGates, vDGates, "dGates, h " + h);
            assertArrayEquals(sDHproj, vDHproj, "dHproj, h " + h);
            assertArrayEquals(sDh, vDh, "dh, h " + h);

            // the layer passes the gates array itself as dGates: the gradients written over the activations are
            // the same, and the units past the kernel's run keep their activations for the scalar loop
            float[] inPlace = sGates.clone();
            float[] expected = sGates.clone();
            for (int j = 0; j < done; j++) {
                for (int q = 0; q < 3; q++) {
                    expected[g0 + q * h + j] = sDGates[g0 + q * h + j];
                }
            }
            float[] inPlaceDHproj = new float[g0 + 3 * h];
            Gru.VECTOR_ROWS.backward(inPlace, hproj, g0, sHs, prev, o, dOutput, dh.clone(), s, inPlace,
                    inPlaceDHproj, h);
            assertArrayEquals(expected, inPlace, "dGates over gates, h " + h);
            assertArrayEquals(sDHproj, inPlaceDHproj, "dHproj with dGates over gates, h " + h);
        }
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }
}
