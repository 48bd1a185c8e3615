package org.rnn4j.reference;

/**
 * The tagger's word representation in double: x_n = [e_n ; hf_{u(n)} ; hb_{u(n)}] (zeros for u(n) = −1), and its
 * backward, which adds the gradients of every position of a word into that word's character states (the
 * reference of {@link org.rnn4j.tasks.tag.WordFeatures}).
 */
public final class RefWordFeatures {
    private RefWordFeatures() {
    }

    /** e[n][E], chars[2][U][C] → x[n][E + 2C]. */
    public static double[][] forward(double[][] e, double[][][] chars, int[] unique) {
        int c = chars[0][0].length;
        double[][] x = new double[e.length][e[0].length + 2 * c];
        for (int n = 0; n < e.length; n++) {
            System.arraycopy(e[n], 0, x[n], 0, e[n].length);
            if (unique[n] >= 0) {
                System.arraycopy(chars[0][unique[n]], 0, x[n], e[n].length, c);
                System.arraycopy(chars[1][unique[n]], 0, x[n], e[n].length + c, c);
            }
        }
        return x;
    }

    /** Returns {dE (n, E), dChars flattened (2, U, C)}. */
    public static double[][] backward(double[][] dx, int embedding, int distinct, int c, int[] unique) {
        double[] de = new double[dx.length * embedding];
        double[] dChars = new double[2 * distinct * c];
        for (int n = 0; n < dx.length; n++) {
            for (int j = 0; j < embedding; j++) {
                de[n * embedding + j] = dx[n][j];
            }
            if (unique[n] >= 0) {
                for (int j = 0; j < c; j++) {
                    dChars[unique[n] * c + j] += dx[n][embedding + j];
                    dChars[(distinct + unique[n]) * c + j] += dx[n][embedding + c + j];
                }
            }
        }
        return new double[][] {de, dChars};
    }
}
