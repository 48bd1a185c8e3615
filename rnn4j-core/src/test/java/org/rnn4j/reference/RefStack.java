package org.rnn4j.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * L recurrent layers with D directions each (PyTorch's {@code num_layers}, {@code bidirectional}); layer l reads
 * the output of layer l-1, multiplied element-wise by a fixed dropout mask when one is set (the mask holds the
 * already scaled values 0 or 1/(1-p), so the reference stays deterministic). State slot of layer l, direction d:
 * l·D + d, as PyTorch's h_n / c_n.
 */
public final class RefStack implements RefSequenceLayer {
    private final RefCell cell;
    private final int directions;
    private final int hidden;
    private final List<RefSequenceLayer> layers = new ArrayList<>();
    /** masks[l][b][t][k] multiplies the output of layer l (l &lt; L-1), or null for no dropout. */
    private double[][][][] masks;
    private double[][][][] layerOutputs;

    public RefStack(RefCell cell, int in, int hidden, int layerCount, boolean bidirectional) {
        this.cell = cell;
        this.directions = bidirectional ? 2 : 1;
        this.hidden = hidden;
        int size = in;
        for (int l = 0; l < layerCount; l++) {
            RefRecurrentLayer f = new RefRecurrentLayer(cell, size, hidden, "_l" + l);
            if (bidirectional) {
                layers.add(new RefBidirectional(f, new RefRecurrentLayer(cell, size, hidden, "_l" + l + "_reverse")));
            } else {
                layers.add(f);
            }
            size = hidden * directions;
        }
    }

    public RefCell cell() { return cell; }
    public int layerCount() { return layers.size(); }
    public int directions() { return directions; }
    public int hiddenSize() { return hidden; }
    @Override public int inputSize() { return layers.get(0).inputSize(); }
    @Override public int outputSize() { return hidden * directions; }
    @Override public int slots() { return layers.size() * directions; }

    /** Sets the dropout masks (null: none), [L-1][B][T][D·H]. */
    public void setMasks(double[][][][] masks) {
        this.masks = masks;
    }

    public void randomize(Random rnd, double scale) {
        for (double[] p : params().values()) {
            System.arraycopy(Numerics.roundToFloat(Numerics.uniform(rnd, p.length, scale)), 0, p, 0, p.length);
        }
    }

    @Override
    public Map<String, double[]> params() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (RefSequenceLayer l : layers) {
            m.putAll(l.params());
        }
        return m;
    }

    @Override
    public Map<String, double[]> grads() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (RefSequenceLayer l : layers) {
            m.putAll(l.grads());
        }
        return m;
    }

    @Override
    public Output forward(double[][][] x, int[] lengths, double[][][] h0, double[][][] c0) {
        int batch = x.length;
        double[][][] hT = new double[slots()][][];
        double[][][] cT = cell.hasCell() ? new double[slots()][][] : null;
        layerOutputs = new double[layers.size()][][][];
        double[][][] input = x;
        for (int l = 0; l < layers.size(); l++) {
            Output o = layers.get(l).forward(input, lengths, slots(h0, l), slots(c0, l));
            for (int d = 0; d < directions; d++) {
                hT[l * directions + d] = o.hT()[d];
                if (cT != null) {
                    cT[l * directions + d] = o.cT()[d];
                }
            }
            double[][][] y = o.y();
            if (masks != null && l < layers.size() - 1) {
                y = multiply(y, masks[l]);
            }
            input = y;
        }
        return new Output(input, hT, cT);
    }

    @Override
    public InputGrad backward(double[][][] dy, double[][][] dhT, double[][][] dcT) {
        double[][][] dh0 = new double[slots()][][];
        double[][][] dc0 = cell.hasCell() ? new double[slots()][][] : null;
        double[][][] grad = dy;
        for (int l = layers.size() - 1; l >= 0; l--) {
            if (masks != null && l < layers.size() - 1) {
                grad = multiply(grad, masks[l]);
            }
            InputGrad g = layers.get(l).backward(grad, slots(dhT, l), slots(dcT, l));
            for (int d = 0; d < directions; d++) {
                dh0[l * directions + d] = g.dh0()[d];
                if (dc0 != null) {
                    dc0[l * directions + d] = g.dc0()[d];
                }
            }
            grad = g.dx();
        }
        return new InputGrad(grad, dh0, dc0);
    }

    /** The D slots of layer l, or null. */
    private double[][][] slots(double[][][] s, int l) {
        if (s == null) {
            return null;
        }
        double[][][] out = new double[directions][][];
        for (int d = 0; d < directions; d++) {
            out[d] = s[l * directions + d];
        }
        return out;
    }

    private static double[][][] multiply(double[][][] a, double[][][] m) {
        double[][][] out = new double[a.length][a[0].length][];
        for (int b = 0; b < a.length; b++) {
            for (int t = 0; t < a[b].length; t++) {
                out[b][t] = new double[a[b][t].length];
                for (int k = 0; k < a[b][t].length; k++) {
                    out[b][t][k] = a[b][t][k] * m[b][t][k];
                }
            }
        }
        return out;
    }
}
