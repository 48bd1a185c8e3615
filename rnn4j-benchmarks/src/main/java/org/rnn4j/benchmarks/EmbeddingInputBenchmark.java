package org.rnn4j.benchmarks;

import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.nn.SoftmaxCrossEntropy;

/**
 * One forward and backward pass of the char model the speed comparison trains (Embedding(65, 64) → 2-layer LSTM →
 * Linear, batch 50 × 100 steps), its first layer fed
 * <ul>
 *   <li>{@code dense}: the embedding's output rows, (T·B) × 64, as before: input projection, dW_ih and dx are
 *       products over T·B = 5,000 rows, and the embedding adds dx to the rows it read;</li>
 *   <li>{@code lookup}: the embedding and the ids ({@code RecurrentStack.forward(Embedding, ids, ...)}): those
 *       products run over the 65 vocabulary entries, and dGates is summed per entry.</li>
 * </ul>
 * Score: passes per second; chars/s = score × 5,000. {@code gemm}: the backend, on {@code threads} threads,
 * {@code openblas} (the bundled OpenBLAS for the products of all steps and the Vector API for the step
 * products, as {@code rnn4j bench} runs; through FFM on Java 22+, JNI on copies before) or {@code vector}
 * (the Vector API for every product). Run it with {@code OPENBLAS_THREAD_TIMEOUT=16} in the environment, as
 * {@code ./rnn4j} sets it (else OpenBLAS's idle threads spin and take the second core from the time loop).
 */
public class EmbeddingInputBenchmark extends BenchmarkSettings {
    @Param({"128", "256"})
    public int hidden;

    @Param({"dense", "lookup"})
    public String input;

    @Param({"openblas"})
    public String gemm;

    @Param({"2"})
    public int threads;

    private static final int VOCAB = 65;
    private static final int EMBEDDING = 64;
    private static final int BATCH = 50;
    private static final int STEPS = 100;

    private final GemmBackend saved = Gemm.backend();
    private Parameters params;
    private Embedding embedding;
    private RecurrentStack rnn;
    private Linear decoder;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private RecurrentState state;
    private int[] ids;
    private int[] targets;

    @Setup
    public void setup() {
        Gemm.setBackend(GemmBackends.select(GemmBackends.Kind.parse(gemm), threads).backend());
        params = new Parameters();
        embedding = new Embedding(params, "embedding.", VOCAB, EMBEDDING);
        rnn = new RecurrentStack(CellType.LSTM, params, "rnn.", EMBEDDING, hidden, 2, false, 0f, null);
        decoder = new Linear(params, "decoder.", hidden, VOCAB);
        Rng rng = new Rng(1);
        embedding.resetParameters(rng);
        rnn.resetParameters(rng);
        decoder.resetParameters(rng);
        state = rnn.newState(BATCH);
        SplittableRandom random = new SplittableRandom(42);
        ids = new int[BATCH * STEPS];
        targets = new int[BATCH * STEPS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(VOCAB);
            targets[i] = random.nextInt(VOCAB);
        }
    }

    @TearDown
    public void restore() {
        Gemm.setBackend(saved);
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        int rows = BATCH * STEPS;
        params.zeroGrad();
        boolean lookup = input.equals("lookup");
        float[] h = lookup ? rnn.forward(embedding, ids, STEPS, BATCH, null, state, state)
                : rnn.forward(embedding.forward(ids, rows), STEPS, BATCH, null, state, state);
        bh.consume(loss.forward(decoder.forward(h, rows), rows, VOCAB, targets));
        float[] dx = rnn.backward(decoder.backward(loss.gradient()), null, null);
        if (!lookup) {
            embedding.backward(dx);
        }
        bh.consume(params.grad());
    }
}
