package org.rnn4j.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static org.rnn4j.math.VectorActivations.sigmoid;
import static org.rnn4j.math.VectorActivations.tanh;

/**
 * {@link LstmRowForward} with the Vector API: the same operations as the scalar loop in {@link Lstm#stepForward}
 * (σ and tanh of {@link org.rnn4j.math.VectorActivations}, which equal the scalar ones lane by lane; separate
 * multiplies and adds), a vector of units at a time. Loaded only when the JVM has the Vector API module.
 */
final class VectorLstmRowForward implements LstmRowForward {
    private static final VectorSpecies<Float> S = org.rnn4j.math.VectorActivations.SPECIES;

    @Override
    public int forward(float[] gates, int g0, float[] cs, int prev, int next, float[] tanhC, float[] hs,
                       float[] out, int o, int h) {
        int done = h - h % S.length();
        for (int j = 0; j < done; j += S.length()) {
            FloatVector i = sigmoid(FloatVector.fromArray(S, gates, g0 + j));
            FloatVector f = sigmoid(FloatVector.fromArray(S, gates, g0 + h + j));
            FloatVector g = tanh(FloatVector.fromArray(S, gates, g0 + 2 * h + j));
            FloatVector og = sigmoid(FloatVector.fromArray(S, gates, g0 + 3 * h + j));
            i.intoArray(gates, g0 + j);
            f.intoArray(gates, g0 + h + j);
            g.intoArray(gates, g0 + 2 * h + j);
            og.intoArray(gates, g0 + 3 * h + j);
            // c_t = f ⊙ c_{t-1} + i ⊙ g ;  h_t = o ⊙ tanh(c_t)
            FloatVector c = f.mul(FloatVector.fromArray(S, cs, prev + j)).add(i.mul(g));
            FloatVector tc = tanh(c);
            FloatVector ht = og.mul(tc);
            c.intoArray(cs, next + j);
            tc.intoArray(tanhC, o + j);
            ht.intoArray(hs, next + j);
            ht.intoArray(out, o + j);
        }
        return done;
    }
}
