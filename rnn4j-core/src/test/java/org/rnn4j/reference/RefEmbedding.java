package org.rnn4j.reference;

/** A lookup table weight (V, E): out[b][t] = weight[ids[b][t]]; backward adds each row's gradient back. */
public final class RefEmbedding {
    public final int vocab;
    public final int dim;
    public final double[] weight;
    public final double[] gWeight;
    private int[][] ids;

    public RefEmbedding(int vocab, int dim) {
        this.vocab = vocab;
        this.dim = dim;
        weight = new double[vocab * dim];
        gWeight = new double[vocab * dim];
    }

    public double[][][] forward(int[][] ids) {
        this.ids = ids;
        double[][][] out = new double[ids.length][ids[0].length][dim];
        for (int b = 0; b < ids.length; b++) {
            for (int t = 0; t < ids[b].length; t++) {
                System.arraycopy(weight, ids[b][t] * dim, out[b][t], 0, dim);
            }
        }
        return out;
    }

    public void backward(double[][][] dOut) {
        for (int b = 0; b < ids.length; b++) {
            for (int t = 0; t < ids[b].length; t++) {
                for (int j = 0; j < dim; j++) {
                    gWeight[ids[b][t] * dim + j] += dOut[b][t][j];
                }
            }
        }
    }
}
