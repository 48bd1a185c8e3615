package org.rnn4j.reference;

/**
 * The generator's category input in double: y[b][t] = x[b][t] + weight[k_b] for t &lt; len_b, x elsewhere;
 * backward: dx = dy, dweight[k_b] += Σ_{t &lt; len_b} dy[b][t].
 */
public final class RefCategoryInput {
    public final int categories;
    public final int dim;
    public final double[] weight;
    public final double[] gWeight;
    private int[] cats;
    private int[] lengths;

    public RefCategoryInput(int categories, int dim) {
        this.categories = categories;
        this.dim = dim;
        weight = new double[categories * dim];
        gWeight = new double[categories * dim];
    }

    public double[][][] forward(double[][][] x, int[] cats, int[] lengths) {
        this.cats = cats;
        this.lengths = lengths;
        double[][][] y = Numerics.copy(x);
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                for (int j = 0; j < dim; j++) {
                    y[b][t][j] += weight[cats[b] * dim + j];
                }
            }
        }
        return y;
    }

    public double[][][] backward(double[][][] dy) {
        for (int b = 0; b < dy.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                for (int j = 0; j < dim; j++) {
                    gWeight[cats[b] * dim + j] += dy[b][t][j];
                }
            }
        }
        return Numerics.copy(dy);
    }
}
