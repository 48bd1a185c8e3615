package org.rnn4j.reference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two directions of one layer: the first over each sequence as given, the second over each sequence reversed
 * within its own length (step t of a sequence of length L is step L-1-t of the reversed one); the output is
 * y[b][t] = [y→[b][t] ; y←[b][L-1-t]] at real steps and zero at padded ones. State slots: 0 forward,
 * 1 backward.
 */
public final class RefBidirectional implements RefSequenceLayer {
    private final RefRecurrentLayer fwd;
    private final RefRecurrentLayer bwd;
    private final int hidden;
    private int[] lengths;
    private int steps;

    public RefBidirectional(RefRecurrentLayer fwd, RefRecurrentLayer bwd) {
        this.fwd = fwd;
        this.bwd = bwd;
        this.hidden = fwd.outputSize();
    }

    public RefRecurrentLayer forwardLayer() { return fwd; }
    public RefRecurrentLayer backwardLayer() { return bwd; }
    @Override public int inputSize() { return fwd.inputSize(); }
    @Override public int outputSize() { return 2 * hidden; }
    @Override public int slots() { return 2; }

    @Override
    public Map<String, double[]> params() {
        Map<String, double[]> m = new LinkedHashMap<>(fwd.params());
        m.putAll(bwd.params());
        return m;
    }

    @Override
    public Map<String, double[]> grads() {
        Map<String, double[]> m = new LinkedHashMap<>(fwd.grads());
        m.putAll(bwd.grads());
        return m;
    }

    @Override
    public Output forward(double[][][] x, int[] lengths, double[][][] h0, double[][][] c0) {
        int batch = x.length;
        steps = x[0].length;
        this.lengths = lengthsOrFull(lengths, batch, steps);
        Output of = fwd.forward(x, this.lengths, slot(h0, 0), slot(c0, 0));
        Output ob = bwd.forward(reverse(x, this.lengths), this.lengths, slot(h0, 1), slot(c0, 1));
        double[][][] y = new double[batch][steps][2 * hidden];
        for (int b = 0; b < batch; b++) {
            int len = this.lengths[b];
            for (int t = 0; t < len; t++) {
                System.arraycopy(of.y()[b][t], 0, y[b][t], 0, hidden);
                System.arraycopy(ob.y()[b][len - 1 - t], 0, y[b][t], hidden, hidden);
            }
        }
        double[][][] hT = {of.hT()[0], ob.hT()[0]};
        double[][][] cT = of.cT() == null ? null : new double[][][] {of.cT()[0], ob.cT()[0]};
        return new Output(y, hT, cT);
    }

    @Override
    public InputGrad backward(double[][][] dy, double[][][] dhT, double[][][] dcT) {
        int batch = dy.length;
        double[][][] dyF = new double[batch][steps][hidden];
        double[][][] dyB = new double[batch][steps][hidden];
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            for (int t = 0; t < len; t++) {
                System.arraycopy(dy[b][t], 0, dyF[b][t], 0, hidden);
                System.arraycopy(dy[b][t], hidden, dyB[b][len - 1 - t], 0, hidden);
            }
        }
        InputGrad gf = fwd.backward(dyF, slot(dhT, 0), slot(dcT, 0));
        InputGrad gb = bwd.backward(dyB, slot(dhT, 1), slot(dcT, 1));
        double[][][] dxB = reverse(gb.dx(), lengths);
        double[][][] dx = new double[batch][steps][];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                dx[b][t] = RefRecurrentLayer.add(gf.dx()[b][t], dxB[b][t]);
            }
        }
        double[][][] dh0 = {gf.dh0()[0], gb.dh0()[0]};
        double[][][] dc0 = gf.dc0() == null ? null : new double[][][] {gf.dc0()[0], gb.dc0()[0]};
        return new InputGrad(dx, dh0, dc0);
    }

    /** Each sequence reversed within its own length; padded steps copied in place. */
    static double[][][] reverse(double[][][] x, int[] lengths) {
        double[][][] r = new double[x.length][][];
        for (int b = 0; b < x.length; b++) {
            int len = lengths[b];
            r[b] = new double[x[b].length][];
            for (int t = 0; t < x[b].length; t++) {
                r[b][t] = (t < len ? x[b][len - 1 - t] : x[b][t]).clone();
            }
        }
        return r;
    }

    /** The one-slot state [1][B][H] of slot k, or null. */
    static double[][][] slot(double[][][] s, int k) {
        return s == null ? null : new double[][][] {s[k]};
    }

    static int[] lengthsOrFull(int[] lengths, int batch, int steps) {
        if (lengths == null) {
            int[] full = new int[batch];
            java.util.Arrays.fill(full, steps);
            return full;
        }
        return lengths.clone();
    }
}
