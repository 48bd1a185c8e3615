package org.rnn4j.benchmarks;

import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.PackedOperand;

/**
 * The recurrent product of one LSTM step on one batch slice, as a 2-thread time loop computes it (batch 50 split
 * in two: m = 25 rows, one thread), forward h_{t-1}·W_hhᵀ (m × 4H × H) and backward dGates·W_hh (m × H × 4H):
 * <ul>
 *   <li>{@code sgemm}: VectorGemm's sgemm, which reads the weights where they lie (W_hhᵀ copied once, as the
 *       layers did before packing);</li>
 *   <li>{@code packed}: the same product from the weights packed once ({@code PackedOperand}), as the layers
 *       compute it now. Packing is outside the timed call, as it is outside the time loop.</li>
 * </ul>
 * Score: calls per second; GFLOP/s = score × 2·25·4H·H / 1e9 (hidden 128: × 0.003277, 256: × 0.01311,
 * 512: × 0.05243). OpenBLAS is not measured here (this module builds on JDK 17); {@code GemmThroughput} in
 * rnn4j-openblas measures it.
 */
public class StepProductBenchmark extends BenchmarkSettings {
    @Param({"128", "256", "512"})
    public int hidden;

    @Param({"forward", "backward"})
    public String direction;

    private static final int ROWS = 25;

    private GemmBackend gemm;
    private PackedOperand packed;
    private float[] a;
    private float[] weights;
    private float[] c;
    private int n;
    private int k;

    @Setup
    public void setup() {
        gemm = GemmBackends.select(GemmBackends.Kind.VECTOR, 1).backend();
        boolean forward = direction.equals("forward");
        // forward: B = W_hhᵀ (H × 4H), stored here already transposed; backward: B = W_hh (4H × H)
        k = forward ? hidden : 4 * hidden;
        n = forward ? 4 * hidden : hidden;
        SplittableRandom rng = new SplittableRandom(42);
        a = GemmBenchmark.random(rng, ROWS * k);
        weights = GemmBenchmark.random(rng, k * n);
        c = new float[ROWS * n];
        packed = gemm.packRight(false, k, n);
        packed.pack(weights, 0, n);
    }

    @Benchmark
    public void sgemm(Blackhole bh) {
        gemm.sgemm(false, false, ROWS, n, k, 1f, a, 0, k, weights, 0, n, 1f, c, 0, n);
        bh.consume(c);
    }

    @Benchmark
    public void packed(Blackhole bh) {
        packed.multiplyAdd(ROWS, a, 0, k, c, 0, n);
        bh.consume(c);
    }
}
