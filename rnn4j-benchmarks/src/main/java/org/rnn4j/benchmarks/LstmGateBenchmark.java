package org.rnn4j.benchmarks;

import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.rnn4j.math.Activations;
import org.rnn4j.math.VectorActivations;

/**
 * The element-wise gate math of one LSTM step, batch 50, hidden 512 (50·2048 gate pre-activations), without the
 * matrix products (those are {@link GemmBenchmark}). Score: operations per second; each operation covers all
 * 102,400 elements, so elements/s = score × 102,400.
 *
 * <ul>
 *   <li>{@code sigmoid}, {@code tanh}: {@link Activations#sigmoid} / {@link Activations#tanh} over the array;
 *       {@code sigmoidMathExp}, {@code tanhMath}: the same through {@link Math#exp} / {@link Math#tanh} in
 *       double, the baselines Activations replaces;</li>
 *   <li>{@code forward}, {@code backward}: the fused per-element loops of {@code org.rnn4j.nn.Lstm}'s
 *       stepForward / stepBackward (σ, tanh, cell update; and the gate derivatives), copied here because those
 *       methods are not public. They call the real {@link Activations}, so they follow changes to it; a change to
 *       Lstm's loops themselves must be mirrored here.</li>
 * </ul>
 * Results go to arrays the benchmark returns or hands to a {@link Blackhole}, so nothing is eliminated.
 */
public class LstmGateBenchmark extends BenchmarkSettings {
    static final int BATCH = 50;
    static final int HIDDEN = 512;
    static final int GATES = 4 * HIDDEN;
    static final int SIZE = BATCH * GATES;

    private float[] pre;       // gate pre-activations, (B, 4H), about N(0, 2)
    private float[] gates;     // scratch for the forward pass's activated gates
    private float[] out;
    private float[] cPrev;
    private float[] c;
    private float[] tanhC;
    private float[] h;
    private float[] dOut;
    private float[] dh;
    private float[] dc;
    private float[] dcPrev;
    private float[] dGates;
    private float[] actGates;  // activated gates for the backward pass

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(7);
        pre = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            pre[i] = (float) ((rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5) * 2.8);
        }
        gates = new float[SIZE];
        out = new float[SIZE];
        int bh = BATCH * HIDDEN;
        cPrev = new float[bh];
        c = new float[bh];
        tanhC = new float[bh];
        h = new float[bh];
        dOut = new float[bh];
        dh = new float[bh];
        dc = new float[bh];
        dcPrev = new float[bh];
        for (int i = 0; i < bh; i++) {
            cPrev[i] = (float) (rng.nextDouble() * 2 - 1);
            dOut[i] = (float) (rng.nextDouble() * 2 - 1) * 0.1f;
        }
        dGates = new float[SIZE];
        gateForward();
        actGates = gates.clone();
    }

    @Benchmark
    public float[] sigmoid() {
        for (int i = 0; i < SIZE; i++) {
            out[i] = Activations.sigmoid(pre[i]);
        }
        return out;
    }

    @Benchmark
    public float[] sigmoidMathExp() {
        for (int i = 0; i < SIZE; i++) {
            out[i] = (float) (1.0 / (1.0 + Math.exp(-pre[i])));
        }
        return out;
    }

    @Benchmark
    public float[] tanh() {
        for (int i = 0; i < SIZE; i++) {
            out[i] = Activations.tanh(pre[i]);
        }
        return out;
    }

    /** σ on whole vectors (VectorActivations, the same bits as Activations.sigmoid), in place on a copy. */
    @Benchmark
    public float[] sigmoidVector() {
        System.arraycopy(pre, 0, out, 0, SIZE);
        int done = VectorActivations.sigmoidInPlace(out, 0, SIZE);
        for (int i = done; i < SIZE; i++) {
            out[i] = Activations.sigmoid(pre[i]);
        }
        return out;
    }

    /** tanh on whole vectors (VectorActivations, the same bits as Activations.tanh), in place on a copy. */
    @Benchmark
    public float[] tanhVector() {
        System.arraycopy(pre, 0, out, 0, SIZE);
        int done = VectorActivations.tanhInPlace(out, 0, SIZE);
        for (int i = done; i < SIZE; i++) {
            out[i] = Activations.tanh(pre[i]);
        }
        return out;
    }

    @Benchmark
    public float[] tanhMath() {
        for (int i = 0; i < SIZE; i++) {
            out[i] = (float) Math.tanh(pre[i]);
        }
        return out;
    }

    /** Lstm.stepForward's loop, all rows active. */
    @Benchmark
    public void forward(Blackhole bh) {
        gateForward();
        bh.consume(gates);
        bh.consume(c);
        bh.consume(h);
    }

    private void gateForward() {
        for (int b = 0; b < BATCH; b++) {
            int g0 = b * GATES;
            int s = b * HIDDEN;
            for (int j = 0; j < HIDDEN; j++) {
                float i = Activations.sigmoid(pre[g0 + j]);
                float f = Activations.sigmoid(pre[g0 + HIDDEN + j]);
                float g = Activations.tanh(pre[g0 + 2 * HIDDEN + j]);
                float og = Activations.sigmoid(pre[g0 + 3 * HIDDEN + j]);
                gates[g0 + j] = i;
                gates[g0 + HIDDEN + j] = f;
                gates[g0 + 2 * HIDDEN + j] = g;
                gates[g0 + 3 * HIDDEN + j] = og;
                float cj = f * cPrev[s + j] + i * g;
                float tc = Activations.tanh(cj);
                c[s + j] = cj;
                tanhC[s + j] = tc;
                h[s + j] = og * tc;
            }
        }
    }

    /** Lstm.stepBackward's loop (without its dh product), all rows active. */
    @Benchmark
    public void backward(Blackhole bh) {
        for (int b = 0; b < BATCH; b++) {
            int g0 = b * GATES;
            int s = b * HIDDEN;
            for (int j = 0; j < HIDDEN; j++) {
                float i = actGates[g0 + j];
                float f = actGates[g0 + HIDDEN + j];
                float g = actGates[g0 + 2 * HIDDEN + j];
                float og = actGates[g0 + 3 * HIDDEN + j];
                float tc = tanhC[s + j];
                float dhj = dh[s + j] + dOut[s + j];
                float dcj = dc[s + j] + dhj * og * (1f - tc * tc);
                dGates[g0 + j] = dcj * g * i * (1f - i);
                dGates[g0 + HIDDEN + j] = dcj * cPrev[s + j] * f * (1f - f);
                dGates[g0 + 2 * HIDDEN + j] = dcj * i * (1f - g * g);
                dGates[g0 + 3 * HIDDEN + j] = dhj * tc * og * (1f - og);
                // Lstm overwrites dc with dc·f and clears dh for step t-1; written apart here so that every
                // call starts from the same dc and dh
                dcPrev[s + j] = dcj * f;
            }
        }
        bh.consume(dGates);
        bh.consume(dcPrev);
    }
}
