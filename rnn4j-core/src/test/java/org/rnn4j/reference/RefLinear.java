package org.rnn4j.reference;

/** y = W x + b at every (b, t): weight (O, I), bias (O). */
public final class RefLinear {
    public final int in;
    public final int out;
    public final double[] weight;
    public final double[] bias;
    public final double[] gWeight;
    public final double[] gBias;
    private double[][][] x;

    public RefLinear(int in, int out) {
        this.in = in;
        this.out = out;
        weight = new double[out * in];
        bias = new double[out];
        gWeight = new double[out * in];
        gBias = new double[out];
    }

    public double[][][] forward(double[][][] x) {
        this.x = x;
        double[][][] y = new double[x.length][x[0].length][];
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                y[b][t] = RefRecurrentLayer.affine(weight, bias, x[b][t], out, in);
            }
        }
        return y;
    }

    /** Accumulates dW += dy xᵀ, db += dy; returns dx = Wᵀ dy. */
    public double[][][] backward(double[][][] dy) {
        double[][][] dx = new double[x.length][x[0].length][in];
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                for (int o = 0; o < out; o++) {
                    double g = dy[b][t][o];
                    gBias[o] += g;
                    for (int i = 0; i < in; i++) {
                        gWeight[o * in + i] += g * x[b][t][i];
                        dx[b][t][i] += weight[o * in + i] * g;
                    }
                }
            }
        }
        return dx;
    }
}
