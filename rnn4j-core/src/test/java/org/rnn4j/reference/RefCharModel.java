package org.rnn4j.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The character model chain in double: ids → {@link RefEmbedding} → {@link RefStack} → {@link RefLinear} →
 * {@link RefSoftmaxCrossEntropy}, plus optional terms Σ h_T·S + Σ c_T·U so that the final state carries a
 * gradient too. Parameter names: "embedding.weight", "rnn.&lt;PyTorch name&gt;", "head.weight", "head.bias".
 */
public final class RefCharModel {
    public final RefEmbedding embedding;
    public final RefStack stack;
    public final RefLinear head;
    public final RefSoftmaxCrossEntropy loss = new RefSoftmaxCrossEntropy();
    private RefSequenceLayer.Output last;

    public RefCharModel(RefCell cell, int vocab, int embed, int hidden, int layers, boolean bidirectional) {
        embedding = new RefEmbedding(vocab, embed);
        stack = new RefStack(cell, embed, hidden, layers, bidirectional);
        head = new RefLinear(hidden * stack.directions(), vocab);
    }

    public Map<String, double[]> params() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("embedding.weight", embedding.weight);
        stack.params().forEach((k, v) -> m.put("rnn." + k, v));
        m.put("head.weight", head.weight);
        m.put("head.bias", head.bias);
        return m;
    }

    public Map<String, double[]> grads() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("embedding.weight", embedding.gWeight);
        stack.grads().forEach((k, v) -> m.put("rnn." + k, v));
        m.put("head.weight", head.gWeight);
        m.put("head.bias", head.gBias);
        return m;
    }

    public void zeroGrad() {
        for (double[] g : grads().values()) {
            java.util.Arrays.fill(g, 0);
        }
    }

    public void randomize(Random rnd, double scale) {
        for (double[] p : params().values()) {
            System.arraycopy(Numerics.roundToFloat(Numerics.uniform(rnd, p.length, scale)), 0, p, 0, p.length);
        }
    }

    /** The final state of the last {@link #forward} call. */
    public RefSequenceLayer.Output lastOutput() {
        return last;
    }

    /**
     * @param s weights of h_T in the loss [slots][B][H], or null
     * @param u weights of c_T in the loss [slots][B][H], or null
     * @return mean cross-entropy over counted targets + Σ h_T·S + Σ c_T·U
     */
    public double forward(int[][] ids, int[][] targets, int[] lengths, double[][][] h0, double[][][] c0,
                          double[][][] s, double[][][] u) {
        last = stack.forward(embedding.forward(ids), lengths, h0, c0);
        double l = loss.forward(head.forward(last.y()), targets);
        if (s != null) {
            l += Numerics.dot(last.hT(), s);
        }
        if (u != null && last.cT() != null) {
            l += Numerics.dot(last.cT(), u);
        }
        return l;
    }

    /** Backward of the last forward; returns the stack's input gradient (the embedding output) and dh0, dc0. */
    public RefSequenceLayer.InputGrad backward(double[][][] s, double[][][] u) {
        double[][][] dHidden = head.backward(loss.gradient());
        RefSequenceLayer.InputGrad g = stack.backward(dHidden, s, u);
        embedding.backward(g.dx());
        return g;
    }
}
