package org.rnn4j.reference;

/**
 * The classifier's readout in double: features[b][0][d·H + j] = h_T[(L−1)·D + d][b][j] (the top layer's final
 * state of each direction, concatenated, as a [B][1][D·H] array so that {@link RefLinear} applies); backward
 * scatters ∂L/∂features into a zero ∂L/∂h_T [L·D][B][H].
 */
public final class RefLastStateReadout {
    private final int layers;
    private final int directions;
    private final int hidden;

    public RefLastStateReadout(int layers, int directions, int hidden) {
        this.layers = layers;
        this.directions = directions;
        this.hidden = hidden;
    }

    public double[][][] forward(double[][][] hT) {
        int batch = hT[0].length;
        double[][][] f = new double[batch][1][directions * hidden];
        for (int d = 0; d < directions; d++) {
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) {
                    f[b][0][d * hidden + j] = hT[(layers - 1) * directions + d][b][j];
                }
            }
        }
        return f;
    }

    public double[][][] backward(double[][][] dFeatures) {
        int batch = dFeatures.length;
        double[][][] dhT = new double[layers * directions][batch][hidden];
        for (int d = 0; d < directions; d++) {
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) {
                    dhT[(layers - 1) * directions + d][b][j] = dFeatures[b][0][d * hidden + j];
                }
            }
        }
        return dhT;
    }
}
