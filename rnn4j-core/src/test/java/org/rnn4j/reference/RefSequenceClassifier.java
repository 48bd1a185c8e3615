package org.rnn4j.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The many-to-one classifier in double: ids → {@link RefEmbedding} → {@link RefStack} (zero initial state) →
 * {@link RefLastStateReadout} → {@link RefLinear} → {@link RefSoftmaxCrossEntropy} against one label per
 * sequence. No dropout. Parameter names as the fast model's: "embedding.weight", "rnn.&lt;PyTorch name&gt;",
 * "fc.weight", "fc.bias".
 */
public final class RefSequenceClassifier {
    public final RefEmbedding embedding;
    public final RefStack stack;
    public final RefLastStateReadout readout;
    public final RefLinear fc;
    public final RefSoftmaxCrossEntropy loss = new RefSoftmaxCrossEntropy();
    private int steps;

    public RefSequenceClassifier(RefCell cell, int vocab, int embed, int hidden, int layers, boolean bidirectional,
                                 int classes) {
        embedding = new RefEmbedding(vocab, embed);
        stack = new RefStack(cell, embed, hidden, layers, bidirectional);
        readout = new RefLastStateReadout(layers, stack.directions(), hidden);
        fc = new RefLinear(hidden * stack.directions(), classes);
    }

    public Map<String, double[]> params() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("embedding.weight", embedding.weight);
        stack.params().forEach((k, v) -> m.put("rnn." + k, v));
        m.put("fc.weight", fc.weight);
        m.put("fc.bias", fc.bias);
        return m;
    }

    public Map<String, double[]> grads() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("embedding.weight", embedding.gWeight);
        stack.grads().forEach((k, v) -> m.put("rnn." + k, v));
        m.put("fc.weight", fc.gWeight);
        m.put("fc.bias", fc.gBias);
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

    /** The logits [B][1][C] of the sequences ids [B][T] with their lengths. */
    public double[][][] logits(int[][] ids, int[] lengths) {
        steps = ids[0].length;
        RefSequenceLayer.Output o = stack.forward(embedding.forward(ids), lengths, null, null);
        return fc.forward(readout.forward(o.hT()));
    }

    /** Mean cross-entropy of the labels [B]. */
    public double forward(int[][] ids, int[] lengths, int[] labels) {
        int[][] targets = new int[labels.length][1];
        for (int b = 0; b < labels.length; b++) {
            targets[b][0] = labels[b];
        }
        return loss.forward(logits(ids, lengths), targets);
    }

    /** Backward of the last forward: no gradient reaches the per-step outputs, only the final state. */
    public RefSequenceLayer.InputGrad backward() {
        double[][][] dFeatures = fc.backward(loss.gradient());
        double[][][] dhT = readout.backward(dFeatures);
        int batch = dFeatures.length;
        RefSequenceLayer.InputGrad g = stack.backward(new double[batch][steps][stack.outputSize()], dhT, null);
        embedding.backward(g.dx());
        return g;
    }
}
