package org.rnn4j.nn;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Activations;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vectorised LSTM step (Lstm.VECTOR_ROWS) writes the same bits as the scalar formulas of
 * Lstm.stepForward and Lstm.stepBackward, unit by unit, into every array it touches (backward also adds the
 * gate gradients into the bias sums), and leaves the units past its run untouched for the scalar loop; backward
 * also when it writes the gradients over the gates, as the layer has it do.
 */
class VectorLstmRowKernelTest {
    @Test
    void vectorRowEqualsScalarFormulasBitForBit() {
        assumeTrue(Lstm.VECTOR_ROWS != null, "no Vector API module");
        Random rnd = new Random(11);
        for (int h : new int[] {16, 37, 128, 200}) {
            int g0 = 3;
            int prev = 5;
            int next = prev + h + 2;
            int o = 7;
            float[] gates = new float[g0 + 4 * h];
            float[] cs = new float[next + h];
            for (int i = 0; i < gates.length; i++) {
                gates[i] = (float) (rnd.nextGaussian() * 3);
            }
            for (int i = 0; i < cs.length; i++) {
                cs[i] = (float) (rnd.nextGaussian() * 2);
            }
            float[] vGates = gates.clone();
            float[] vCs = cs.clone();
            float[] vTanhC = new float[o + h];
            float[] vHs = new float[next + h];
            float[] vOut = new float[o + h];
            int done = Lstm.VECTOR_ROWS.forward(vGates, g0, vCs, prev, next, vTanhC, vHs, vOut, o, h);
            assertEquals(h - h % jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), done);

            float[] sGates = gates.clone();
            float[] sCs = cs.clone();
            float[] sTanhC = new float[o + h];
            float[] sHs = new float[next + h];
            float[] sOut = new float[o + h];
            for (int j = 0; j < done; j++) {
                float i = Activations.sigmoid(sGates[g0 + j]);
                float f = Activations.sigmoid(sGates[g0 + h + j]);
                float g = Activations.tanh(sGates[g0 + 2 * h + j]);
                float og = Activations.sigmoid(sGates[g0 + 3 * h + j]);
                sGates[g0 + j] = i;
                sGates[g0 + h + j] = f;
                sGates[g0 + 2 * h + j] = g;
                sGates[g0 + 3 * h + j] = og;
                float c = f * sCs[prev + j] + i * g;
                float tc = Activations.tanh(c);
                sCs[next + j] = c;
                sTanhC[o + j] = tc;
                sHs[next + j] = og * tc;
                sOut[o + j] = og * tc;
            }
            assertArrayEquals(sGates, vGates, "gates, h " + h);
            assertArrayEquals(sCs, vCs, "c, h " + h);
            assertArrayEquals(sTanhC, vTanhC, "tanh c, h " + h);
            assertArrayEquals(sHs, vHs, "h_t, h " + h);
            assertArrayEquals(sOut, vOut, "output, h " + h);

            // backward from the activated gates
            int s = 4;
            float[] dOutput = random(rnd, o + h);
            float[] dh = random(rnd, s + h);
            float[] dc = random(rnd, s + h);
            float[] vDh = dh.clone();
            float[] vDc = dc.clone();
            float[] vDGates = new float[g0 + 4 * h];
            int r = 6;
            float[] sums = random(rnd, r + 4 * h + 1);
            float[] vSums = sums.clone();
            assertEquals(done, Lstm.VECTOR_ROWS.backward(sGates, g0, sCs, prev, sTanhC, o, dOutput, vDh, vDc, s,
                    vDGates, vSums, r, h));
            float[] sDh = dh.clone();
            float[] sDc = dc.clone();
            float[] sDGates = new float[g0 + 4 * h];
            float[] sSums = sums.clone();
            for (int j = 0; j < done; j++) {
                float i = sGates[g0 + j];
                float f = sGates[g0 + h + j];
                float g = sGates[g0 + 2 * h + j];
                float og = sGates[g0 + 3 * h + j];
                float tc = sTanhC[o + j];
                float dhj = sDh[s + j] + dOutput[o + j];
                float dcj = sDc[s + j] + dhj * og * (1f - tc * tc);
                sDGates[g0 + j] = dcj * g * i * (1f - i);
                sDGates[g0 + h + j] = dcj * sCs[prev + j] * f * (1f - f);
                sDGates[g0 + 2 * h + j] = dcj * i * (1f - g * g);
                sDGates[g0 + 3 * h + j] = dhj * tc * og * (1f - og);
                sDc[s + j] = dcj * f;
                sDh[s + j] = 0f;
                for (int q = 0; q < 4; q++) {
                    sSums[r + q * h + j] += sDGates[g0 + q * h + j];
                }
            }
            assertArrayEquals(sDGates, vDGates, "dGates, h " + h);
            assertArrayEquals(sSums, vSums, "bias row sums, h " + h);
            assertArrayEquals(sDc, vDc, "dc, h " + h);
            assertArrayEquals(sDh, vDh, "dh, h " + h);

            // the layer passes the gates array itself as dGates: the gradients written over the activations are
            // the same, and the units past the kernel's run keep their activations for the scalar loop
            float[] inPlace = sGates.clone();
            float[] expected = sGates.clone();
            for (int j = 0; j < done; j++) {
                for (int q = 0; q < 4; q++) {
                    expected[g0 + q * h + j] = sDGates[g0 + q * h + j];
                }
            }
            Lstm.VECTOR_ROWS.backward(inPlace, g0, sCs, prev, sTanhC, o, dOutput, dh.clone(), dc.clone(), s, inPlace,
                    sums.clone(), r, h);
            assertArrayEquals(expected, inPlace, "dGates over gates, h " + h);
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
