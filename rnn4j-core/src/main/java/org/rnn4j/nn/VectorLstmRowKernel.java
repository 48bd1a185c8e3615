package org.rnn4j.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import org.rnn4j.math.VectorActivations;

/**
 * {@link LstmRowKernel} with the Vector API: the same operations as the scalar loop in {@link Lstm#stepForward}
 * (σ and tanh of {@link org.rnn4j.math.VectorActivations}, which equal the scalar ones lane by lane; separate
 * multiplies and adds), a vector of units at a time. Loaded only when the JVM has the Vector API module.
 */
final class VectorLstmRowKernel implements LstmRowKernel {
    private static final VectorSpecies<Float> S = org.rnn4j.math.VectorActivations.SPECIES;

    @Override
    public int forward(float[] gates, int g0, float[] cs, int prev, int next, float[] tanhC, float[] hs,
                       float[] out, int o, int h) {
        int done = h - h % S.length();
        // i, f and o: σ ; g: tanh ; then tanh(c_t) — each in place in a loop of its own: with them in one loop,
        // C2 stopped compiling the Vector API calls to vector instructions and boxed every vector instead
        VectorActivations.sigmoidInPlace(gates, g0, done);
        VectorActivations.sigmoidInPlace(gates, g0 + h, done);
        VectorActivations.tanhInPlace(gates, g0 + 2 * h, done);
        VectorActivations.sigmoidInPlace(gates, g0 + 3 * h, done);
        for (int j = 0; j < done; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, g0 + j);
            FloatVector f = FloatVector.fromArray(S, gates, g0 + h + j);
            FloatVector g = FloatVector.fromArray(S, gates, g0 + 2 * h + j);
            // c_t = f ⊙ c_{t-1} + i ⊙ g
            FloatVector c = f.mul(FloatVector.fromArray(S, cs, prev + j)).add(i.mul(g));
            c.intoArray(cs, next + j);
            c.intoArray(tanhC, o + j);
        }
        VectorActivations.tanhInPlace(tanhC, o, done);
        for (int j = 0; j < done; j += S.length()) {
            // h_t = o ⊙ tanh(c_t)
            FloatVector ht = FloatVector.fromArray(S, gates, g0 + 3 * h + j).mul(FloatVector.fromArray(S, tanhC, o + j));
            ht.intoArray(hs, next + j);
            ht.intoArray(out, o + j);
        }
        return done;
    }

    @Override
    public int backward(float[] gates, int g0, float[] cs, int prev, float[] tanhC, int o, float[] dOutput,
                        float[] dh, float[] dc, int s, float[] dGates, float[] rowSums, int r, int h) {
        int done = h - h % S.length();
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < done; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, g0 + j);
            FloatVector f = FloatVector.fromArray(S, gates, g0 + h + j);
            FloatVector g = FloatVector.fromArray(S, gates, g0 + 2 * h + j);
            FloatVector og = FloatVector.fromArray(S, gates, g0 + 3 * h + j);
            FloatVector tc = FloatVector.fromArray(S, tanhC, o + j);
            FloatVector dhj = FloatVector.fromArray(S, dh, s + j).add(FloatVector.fromArray(S, dOutput, o + j));
            // ∂L/∂c_t = dc from step t+1 + dh ⊙ o ⊙ (1 - tanh²(c_t)), multiplied left to right as the scalar loop
            FloatVector dcj = FloatVector.fromArray(S, dc, s + j).add(dhj.mul(og).mul(one.sub(tc.mul(tc))));
            // each gradient also goes into the sequence's bias sums while it is in a register
            FloatVector di = dcj.mul(g).mul(i).mul(one.sub(i));
            di.intoArray(dGates, g0 + j);
            di.add(FloatVector.fromArray(S, rowSums, r + j)).intoArray(rowSums, r + j);
            FloatVector df = dcj.mul(FloatVector.fromArray(S, cs, prev + j)).mul(f).mul(one.sub(f));
            df.intoArray(dGates, g0 + h + j);
            df.add(FloatVector.fromArray(S, rowSums, r + h + j)).intoArray(rowSums, r + h + j);
            FloatVector dg = dcj.mul(i).mul(one.sub(g.mul(g)));
            dg.intoArray(dGates, g0 + 2 * h + j);
            dg.add(FloatVector.fromArray(S, rowSums, r + 2 * h + j)).intoArray(rowSums, r + 2 * h + j);
            FloatVector dO = dhj.mul(tc).mul(og).mul(one.sub(og));
            dO.intoArray(dGates, g0 + 3 * h + j);
            dO.add(FloatVector.fromArray(S, rowSums, r + 3 * h + j)).intoArray(rowSums, r + 3 * h + j);
            dcj.mul(f).intoArray(dc, s + j);
            zero.intoArray(dh, s + j);
        }
        return done;
    }
}
