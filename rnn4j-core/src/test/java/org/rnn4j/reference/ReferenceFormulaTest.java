package org.rnn4j.reference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One step of each reference cell with H = I = 1, against the formula evaluated by hand, so that the forward
 * passes are pinned independently of the finite-difference checks (which only test backward against forward).
 */
class ReferenceFormulaTest {
    private static double sig(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    private static RefRecurrentLayer layer(RefCell cell, double[] wIh, double[] wHh, double[] bIh, double[] bHh) {
        RefRecurrentLayer l = new RefRecurrentLayer(cell, 1, 1, "_l0");
        System.arraycopy(wIh, 0, l.wIh, 0, wIh.length);
        System.arraycopy(wHh, 0, l.wHh, 0, wHh.length);
        System.arraycopy(bIh, 0, l.bIh, 0, bIh.length);
        System.arraycopy(bHh, 0, l.bHh, 0, bHh.length);
        return l;
    }

    private static double[][][] one(double v) {
        return new double[][][] {{{v}}};
    }

    @Test
    void rnnTanhAndRelu() {
        double x = 0.7;
        double h = -0.4;
        RefRecurrentLayer tanh = layer(RefCell.RNN_TANH, new double[] {1.5}, new double[] {-0.5},
                new double[] {0.1}, new double[] {-0.3});
        assertEquals(Math.tanh(1.5 * x + 0.1 - 0.5 * h - 0.3),
                tanh.forward(one(x), new int[] {1}, one(h), null).y()[0][0][0], 1e-15);
        RefRecurrentLayer relu = layer(RefCell.RNN_RELU, new double[] {1.5}, new double[] {-0.5},
                new double[] {0.1}, new double[] {-0.3});
        assertEquals(Math.max(0, 1.5 * x + 0.1 - 0.5 * h - 0.3),
                relu.forward(one(x), new int[] {1}, one(h), null).y()[0][0][0], 1e-15);
        assertEquals(0.0, relu.forward(one(-x), new int[] {1}, one(h), null).y()[0][0][0]);
    }

    @Test
    void lstmGateOrderIFGO() {
        double x = 0.3;
        double h = 0.5;
        double c = -0.2;
        double[] wi = {0.1, 0.2, 0.3, 0.4};
        double[] wh = {-0.5, 0.6, -0.7, 0.8};
        double[] bi = {0.01, 0.02, 0.03, 0.04};
        double[] bh = {0.05, -0.06, 0.07, -0.08};
        double[] a = new double[4];
        for (int k = 0; k < 4; k++) {
            a[k] = wi[k] * x + bi[k] + wh[k] * h + bh[k];
        }
        double i = sig(a[0]);
        double f = sig(a[1]);
        double g = Math.tanh(a[2]);
        double o = sig(a[3]);
        double c1 = f * c + i * g;
        double h1 = o * Math.tanh(c1);
        RefSequenceLayer.Output out = layer(RefCell.LSTM, wi, wh, bi, bh).forward(one(x), new int[] {1}, one(h),
                one(c));
        assertEquals(h1, out.y()[0][0][0], 1e-15);
        assertEquals(h1, out.hT()[0][0][0], 1e-15);
        assertEquals(c1, out.cT()[0][0][0], 1e-15);
    }

    @Test
    void gruPyTorchFormula() {
        double x = -0.6;
        double h = 0.9;
        double[] wi = {0.4, -0.3, 0.8};
        double[] wh = {0.2, 0.5, -0.9};
        double[] bi = {0.1, 0.2, -0.1};
        double[] bh = {-0.2, 0.3, 0.6};
        double r = sig(wi[0] * x + bi[0] + wh[0] * h + bh[0]);
        double z = sig(wi[1] * x + bi[1] + wh[1] * h + bh[1]);
        double n = Math.tanh(wi[2] * x + bi[2] + r * (wh[2] * h + bh[2]));   // r multiplies b_hn too
        double h1 = (1 - z) * n + z * h;
        assertEquals(h1, layer(RefCell.GRU, wi, wh, bi, bh).forward(one(x), new int[] {1}, one(h), null)
                .y()[0][0][0], 1e-15);
    }

    @Test
    void bidirectionalReversesWithinEachLength() {
        // H = 1 tanh cells with W_hh = 1, W_ih = 1, no bias: h_t = tanh(x_t + h_{t-1})
        RefRecurrentLayer f = layer(RefCell.RNN_TANH, new double[] {1}, new double[] {1}, new double[] {0},
                new double[] {0});
        RefRecurrentLayer b = layer(RefCell.RNN_TANH, new double[] {1}, new double[] {1}, new double[] {0},
                new double[] {0});
        RefBidirectional bi = new RefBidirectional(f, b);
        double[][][] x = {{{0.1}, {0.2}, {0.3}}, {{0.4}, {0.5}, {9.0}}};   // second sequence has length 2
        RefSequenceLayer.Output o = bi.forward(x, new int[] {3, 2}, null, null);
        // backward direction of sequence 1 starts at its own last step t = 1
        double back1 = Math.tanh(0.5);
        double back0 = Math.tanh(0.4 + back1);
        assertEquals(back0, o.y()[1][0][1], 1e-15);
        assertEquals(back1, o.y()[1][1][1], 1e-15);
        assertEquals(0.0, o.y()[1][2][0]);
        assertEquals(0.0, o.y()[1][2][1]);
        assertEquals(back0, o.hT()[1][1][0], 1e-15);
        double fwd1 = Math.tanh(0.5 + Math.tanh(0.4));
        assertEquals(fwd1, o.hT()[0][1][0], 1e-15);
    }
}
