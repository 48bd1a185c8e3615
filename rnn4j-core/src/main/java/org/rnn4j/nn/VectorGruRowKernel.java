package org.rnn4j.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import org.rnn4j.math.VectorActivations;

/**
 * {@link GruRowKernel} with the Vector API: the same operations as the scalar loops in {@link Gru#stepForward}
 * and {@link Gru#stepBackward} (σ and tanh of {@link VectorActivations}, which equal the scalar ones lane by
 * lane; separate multiplies and adds, in the scalar code's order), a vector of units at a time. Loaded only when
 * the JVM has the Vector API module.
 */
final class VectorGruRowKernel implements GruRowKernel {
    private static final VectorSpecies<Float> S = VectorActivations.SPECIES;

    @Override
    public int forward(float[] gates, float[] hproj, int g0, float[] hs, int prev, int next, float[] out, int o,
                       int h) {
        int done = h - h % S.length();
        // r and z: σ(a + p), the two blocks side by side; then n; then h_t — loops of their own, as in
        // VectorLstmRowKernel, so that C2 keeps compiling the Vector API calls to vector instructions
        for (int j = 0; j < done; j += S.length()) {
            add(gates, hproj, g0 + j);
            add(gates, hproj, g0 + h + j);
        }
        VectorActivations.sigmoidInPlace(gates, g0, done);
        VectorActivations.sigmoidInPlace(gates, g0 + h, done);
        for (int j = 0; j < done; j += S.length()) {
            int n = g0 + 2 * h + j;
            FloatVector r = FloatVector.fromArray(S, gates, g0 + j);
            FloatVector.fromArray(S, gates, n).add(r.mul(FloatVector.fromArray(S, hproj, n))).intoArray(gates, n);
        }
        VectorActivations.tanhInPlace(gates, g0 + 2 * h, done);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < done; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, gates, g0 + h + j);
            FloatVector n = FloatVector.fromArray(S, gates, g0 + 2 * h + j);
            // h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
            FloatVector ht = one.sub(z).mul(n).add(z.mul(FloatVector.fromArray(S, hs, prev + j)));
            ht.intoArray(hs, next + j);
            ht.intoArray(out, o + j);
        }
        return done;
    }

    private static void add(float[] a, float[] b, int at) {
        FloatVector.fromArray(S, a, at).add(FloatVector.fromArray(S, b, at)).intoArray(a, at);
    }

    @Override
    public int backward(float[] gates, float[] hproj, int g0, float[] hs, int prev, int o, float[] dOutput,
                        float[] dh, int s, float[] dGates, float[] dHproj, int h) {
        int done = h - h % S.length();
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < done; j += S.length()) {
            FloatVector r = FloatVector.fromArray(S, gates, g0 + j);
            FloatVector z = FloatVector.fromArray(S, gates, g0 + h + j);
            FloatVector n = FloatVector.fromArray(S, gates, g0 + 2 * h + j);
            FloatVector dhj = FloatVector.fromArray(S, dh, s + j).add(FloatVector.fromArray(S, dOutput, o + j));
            FloatVector dAn = dhj.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dAz = dhj.mul(FloatVector.fromArray(S, hs, prev + j).sub(n)).mul(z).mul(one.sub(z));
            FloatVector dAr = dAn.mul(FloatVector.fromArray(S, hproj, g0 + 2 * h + j)).mul(r).mul(one.sub(r));
            dAr.intoArray(dGates, g0 + j);
            dAz.intoArray(dGates, g0 + h + j);
            dAn.intoArray(dGates, g0 + 2 * h + j);
            dAr.intoArray(dHproj, g0 + j);
            dAz.intoArray(dHproj, g0 + h + j);
            dAn.mul(r).intoArray(dHproj, g0 + 2 * h + j);
            // direct path of h_t = … + z ⊙ h_{t-1}
            dhj.mul(z).intoArray(dh, s + j);
        }
        return done;
    }
}
