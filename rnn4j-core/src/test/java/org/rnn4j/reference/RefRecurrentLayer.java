package org.rnn4j.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * One direction of one recurrent layer in double precision, written from the formulas with naive per-sequence,
 * per-step loops. Parameters as PyTorch: weight_ih (G·H, I), weight_hh (G·H, H), bias_ih (G·H), bias_hh (G·H),
 * gate blocks in the order LSTM i, f, g, o and GRU r, z, n.
 * <pre>
 *   RNN:  h' = act(W_ih x + b_ih + W_hh h + b_hh),   act = tanh or relu
 *   LSTM: a = W_ih x + b_ih + W_hh h + b_hh;  i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *         c' = f c + i g;  h' = o tanh(c')
 *   GRU:  u = W_ih x + b_ih;  v = W_hh h + b_hh
 *         r = σ(u_r + v_r), z = σ(u_z + v_z), n = tanh(u_n + r v_n);  h' = (1 - z) n + z h
 * </pre>
 * The state slot count is 1: h0, hT, … are [1][B][H].
 */
public final class RefRecurrentLayer implements RefSequenceLayer {
    private final RefCell cell;
    private final int in;
    private final int hidden;
    private final int rows;
    private final String suffix;

    public final double[] wIh;
    public final double[] wHh;
    public final double[] bIh;
    public final double[] bHh;
    public final double[] gWIh;
    public final double[] gWHh;
    public final double[] gBIh;
    public final double[] gBHh;

    /**
     * A nudge of one state entry during forward, for finite differences of the loss with respect to an
     * intermediate state: after real step {@code step} of sequence {@code sequence}, h_t[unit] (or, for the
     * LSTM, c_t[unit] before h_t = o ⊙ tanh(c_t) is computed from it) gets {@code delta} added. Null: none.
     */
    public record Perturbation(int step, int sequence, int unit, boolean cellState, double delta) {
    }

    public Perturbation perturbation;

    // Tape of the last forward call, per sequence b and step t (real steps only).
    private double[][][] x;
    private int[] lengths;
    private int steps;
    private double[][][] hPrev;   // h_{t-1}
    private double[][][] cPrev;   // c_{t-1} (LSTM)
    private double[][][] act;     // activated gates: RNN h'; LSTM i,f,g,o; GRU r,z,n
    private double[][][] cNew;    // c_t (LSTM)
    private double[][][] vHid;    // GRU: W_hh h + b_hh

    /**
     * @param suffix the PyTorch name suffix, e.g. "_l0" or "_l1_reverse"
     */
    public RefRecurrentLayer(RefCell cell, int in, int hidden, String suffix) {
        this.cell = cell;
        this.in = in;
        this.hidden = hidden;
        this.rows = cell.gates * hidden;
        this.suffix = suffix;
        wIh = new double[rows * in];
        wHh = new double[rows * hidden];
        bIh = new double[rows];
        bHh = new double[rows];
        gWIh = new double[rows * in];
        gWHh = new double[rows * hidden];
        gBIh = new double[rows];
        gBHh = new double[rows];
    }

    /** Fills every parameter uniformly in (-scale, scale), rounded to float. */
    public void randomize(Random rnd, double scale) {
        for (double[] p : params().values()) {
            double[] v = Numerics.roundToFloat(Numerics.uniform(rnd, p.length, scale));
            System.arraycopy(v, 0, p, 0, p.length);
        }
    }

    public RefCell cell() { return cell; }
    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return hidden; }
    @Override public int slots() { return 1; }

    @Override
    public Map<String, double[]> params() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("weight_ih" + suffix, wIh);
        m.put("weight_hh" + suffix, wHh);
        m.put("bias_ih" + suffix, bIh);
        m.put("bias_hh" + suffix, bHh);
        return m;
    }

    @Override
    public Map<String, double[]> grads() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("weight_ih" + suffix, gWIh);
        m.put("weight_hh" + suffix, gWHh);
        m.put("bias_ih" + suffix, gBIh);
        m.put("bias_hh" + suffix, gBHh);
        return m;
    }

    @Override
    public Output forward(double[][][] x, int[] lengths, double[][][] h0, double[][][] c0) {
        int batch = x.length;
        int steps = x[0].length;
        this.x = x;
        this.lengths = RefBidirectional.lengthsOrFull(lengths, batch, steps);
        this.steps = steps;
        hPrev = new double[batch][steps][];
        cPrev = new double[batch][steps][];
        act = new double[batch][steps][];
        cNew = new double[batch][steps][];
        vHid = new double[batch][steps][];
        double[][][] y = new double[batch][steps][hidden];
        double[][][] hT = new double[1][batch][];
        double[][][] cT = cell.hasCell() ? new double[1][batch][] : null;

        for (int b = 0; b < batch; b++) {
            double[] h = h0 == null ? new double[hidden] : h0[0][b].clone();
            double[] c = c0 == null ? new double[hidden] : c0[0][b].clone();
            for (int t = 0; t < this.lengths[b]; t++) {
                hPrev[b][t] = h;
                cPrev[b][t] = c;
                double[] xt = x[b][t];
                double[] hn = new double[hidden];
                switch (cell) {
                    case RNN_TANH:
                    case RNN_RELU: {
                        double[] a = add(affine(wIh, bIh, xt, rows, in), affine(wHh, bHh, h, rows, hidden));
                        for (int j = 0; j < hidden; j++) {
                            hn[j] = cell == RefCell.RNN_TANH ? Math.tanh(a[j]) : Math.max(0.0, a[j]);
                        }
                        act[b][t] = hn.clone();
                        break;
                    }
                    case LSTM: {
                        double[] a = add(affine(wIh, bIh, xt, rows, in), affine(wHh, bHh, h, rows, hidden));
                        double[] gate = new double[rows];
                        double[] cn = new double[hidden];
                        for (int j = 0; j < hidden; j++) {
                            double i = sigmoid(a[j]);
                            double f = sigmoid(a[hidden + j]);
                            double g = Math.tanh(a[2 * hidden + j]);
                            double o = sigmoid(a[3 * hidden + j]);
                            gate[j] = i;
                            gate[hidden + j] = f;
                            gate[2 * hidden + j] = g;
                            gate[3 * hidden + j] = o;
                            cn[j] = f * c[j] + i * g + nudge(b, t, j, true);
                            hn[j] = o * Math.tanh(cn[j]);
                        }
                        act[b][t] = gate;
                        cNew[b][t] = cn;
                        c = cn;
                        break;
                    }
                    case GRU: {
                        double[] u = affine(wIh, bIh, xt, rows, in);
                        double[] v = affine(wHh, bHh, h, rows, hidden);
                        double[] gate = new double[rows];
                        for (int j = 0; j < hidden; j++) {
                            double r = sigmoid(u[j] + v[j]);
                            double z = sigmoid(u[hidden + j] + v[hidden + j]);
                            double n = Math.tanh(u[2 * hidden + j] + r * v[2 * hidden + j]);
                            gate[j] = r;
                            gate[hidden + j] = z;
                            gate[2 * hidden + j] = n;
                            hn[j] = (1 - z) * n + z * h[j];
                        }
                        act[b][t] = gate;
                        vHid[b][t] = v;
                        break;
                    }
                    default:
                        throw new AssertionError(cell);
                }
                for (int j = 0; j < hidden; j++) {
                    hn[j] += nudge(b, t, j, false);
                }
                h = hn;
                y[b][t] = hn.clone();
            }
            // padded steps t >= lengths[b]: y stays zero, h and c unchanged
            hT[0][b] = h;
            if (cT != null) {
                cT[0][b] = c;
            }
        }
        return new Output(y, hT, cT);
    }

    private double nudge(int b, int t, int j, boolean cellState) {
        Perturbation p = perturbation;
        return p != null && p.step() == t && p.sequence() == b && p.unit() == j && p.cellState() == cellState
                ? p.delta() : 0.0;
    }

    @Override
    public InputGrad backward(double[][][] dy, double[][][] dhT, double[][][] dcT) {
        int batch = x.length;
        double[][][] dx = new double[batch][steps][in];
        double[][][] dh0 = new double[1][batch][];
        double[][][] dc0 = cell.hasCell() ? new double[1][batch][] : null;
        for (int b = 0; b < batch; b++) {
            double[] dh = dhT == null ? new double[hidden] : dhT[0][b].clone();
            double[] dc = dcT == null ? new double[hidden] : dcT[0][b].clone();
            for (int t = lengths[b] - 1; t >= 0; t--) {
                for (int j = 0; j < hidden; j++) {
                    dh[j] += dy[b][t][j];
                }
                double[] hp = hPrev[b][t];
                double[] gate = act[b][t];
                double[] dU = new double[rows];        // ∂L/∂(W_ih x + b_ih)
                double[] dV = new double[rows];        // ∂L/∂(W_hh h + b_hh)
                double[] dhPrev = new double[hidden];  // paths to h_{t-1} other than through W_hh
                double[] dcPrev = new double[hidden];
                switch (cell) {
                    case RNN_TANH:
                        for (int j = 0; j < hidden; j++) {
                            dU[j] = dh[j] * (1 - gate[j] * gate[j]);
                        }
                        dV = dU;
                        break;
                    case RNN_RELU:
                        for (int j = 0; j < hidden; j++) {
                            dU[j] = gate[j] > 0 ? dh[j] : 0;
                        }
                        dV = dU;
                        break;
                    case LSTM: {
                        double[] cp = cPrev[b][t];
                        double[] cn = cNew[b][t];
                        for (int j = 0; j < hidden; j++) {
                            double i = gate[j];
                            double f = gate[hidden + j];
                            double g = gate[2 * hidden + j];
                            double o = gate[3 * hidden + j];
                            double tc = Math.tanh(cn[j]);
                            double dcTotal = dc[j] + dh[j] * o * (1 - tc * tc);
                            dU[j] = dcTotal * g * i * (1 - i);
                            dU[hidden + j] = dcTotal * cp[j] * f * (1 - f);
                            dU[2 * hidden + j] = dcTotal * i * (1 - g * g);
                            dU[3 * hidden + j] = dh[j] * tc * o * (1 - o);
                            dcPrev[j] = dcTotal * f;
                        }
                        dV = dU;
                        break;
                    }
                    case GRU: {
                        double[] v = vHid[b][t];
                        for (int j = 0; j < hidden; j++) {
                            double r = gate[j];
                            double z = gate[hidden + j];
                            double n = gate[2 * hidden + j];
                            double dn = dh[j] * (1 - z);
                            double dz = dh[j] * (hp[j] - n);
                            dhPrev[j] = dh[j] * z;
                            double dnPre = dn * (1 - n * n);          // ∂L/∂(u_n + r v_n)
                            double dr = dnPre * v[2 * hidden + j];
                            double drPre = dr * r * (1 - r);
                            double dzPre = dz * z * (1 - z);
                            dU[j] = drPre;
                            dU[hidden + j] = dzPre;
                            dU[2 * hidden + j] = dnPre;
                            dV[j] = drPre;
                            dV[hidden + j] = dzPre;
                            dV[2 * hidden + j] = dnPre * r;
                        }
                        break;
                    }
                    default:
                        throw new AssertionError(cell);
                }
                // input side
                double[] xt = x[b][t];
                for (int r = 0; r < rows; r++) {
                    gBIh[r] += dU[r];
                    for (int k = 0; k < in; k++) {
                        gWIh[r * in + k] += dU[r] * xt[k];
                        dx[b][t][k] += wIh[r * in + k] * dU[r];
                    }
                }
                // hidden side
                for (int r = 0; r < rows; r++) {
                    gBHh[r] += dV[r];
                    for (int k = 0; k < hidden; k++) {
                        gWHh[r * hidden + k] += dV[r] * hp[k];
                        dhPrev[k] += wHh[r * hidden + k] * dV[r];
                    }
                }
                dh = dhPrev;
                if (cell.hasCell()) {
                    dc = dcPrev;
                }
            }
            dh0[0][b] = dh;
            if (dc0 != null) {
                dc0[0][b] = dc;
            }
        }
        return new InputGrad(dx, dh0, dc0);
    }

    static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    /** W v + bias for W (rows, cols) row-major. */
    static double[] affine(double[] w, double[] bias, double[] v, int rows, int cols) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = bias[r];
            for (int k = 0; k < cols; k++) {
                s += w[r * cols + k] * v[k];
            }
            out[r] = s;
        }
        return out;
    }

    static double[] add(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
