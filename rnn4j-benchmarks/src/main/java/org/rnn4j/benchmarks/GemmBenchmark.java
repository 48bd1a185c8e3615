package org.rnn4j.benchmarks;

import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.JavaGemm;

/**
 * One {@code sgemm} call of a Java GEMM backend, on the shapes an LSTM (hidden 512, embedding 64, batch 50,
 * 100 steps) trains and samples with:
 * <ul>
 *   <li>{@code recurrent}: h_{t-1}·W_hhᵀ per step, m=50, n=2048, k=512, NN (the weights as stored transposed);</li>
 *   <li>{@code inputProj}: the input projection of all steps at once, m=5000, n=2048, k=64, NT;</li>
 *   <li>{@code weightGrad}: the weight gradient, m=2048, n=512, k=5000, TN;</li>
 *   <li>{@code sample1}: batch-1 sampling, m=1, n=2048, k=512, NT.</li>
 * </ul>
 *
 * <p>The score is throughput in calls per second. One call is {@code 2·m·n·k} floating-point operations, so
 * <b>GFLOP/s = score × 2·m·n·k / 1e9</b>: recurrent × 0.1049, inputProj × 1.311, weightGrad × 10.49,
 * sample1 × 0.002097.
 *
 * <p>{@code backend}: {@code java} ({@link JavaGemm}) or {@code vector} ({@code VectorGemm}, chosen through
 * {@link GemmBackends}; it needs the Vector API module, which the forks get through {@code jvmArgsAppend}).
 * OpenBLAS is not a parameter (its products are measured by rnn4j-openblas's GemmThroughput).
 * {@code threads} (default 1, the kernel alone) is the backend's thread count; {@code -p threads=2} measures the
 * row split.
 */
public class GemmBenchmark extends BenchmarkSettings {
    @Param({"java", "vector"})
    public String backend;

    @Param({"recurrent", "inputProj", "weightGrad", "sample1"})
    public String shape;

    @Param({"1"})
    public int threads;

    private GemmBackend gemm;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private int lda;
    private int ldb;

    @Setup
    public void setup() {
        switch (backend) {
            case "java" -> gemm = new JavaGemm(threads);
            case "vector" -> gemm = GemmBackends.select(GemmBackends.Kind.VECTOR, threads).backend();
            default -> throw new IllegalArgumentException("backend: java or vector, not " + backend);
        }
        switch (shape) {
            case "recurrent" -> set(false, false, 50, 2048, 512);
            case "inputProj" -> set(false, true, 5000, 2048, 64);
            case "weightGrad" -> set(true, false, 2048, 512, 5000);
            case "sample1" -> set(false, true, 1, 2048, 512);
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        // op(A) is m×k: A is stored m×k (lda k) or, transposed, k×m (lda m); likewise op(B) k×n
        lda = transA ? m : k;
        ldb = transB ? k : n;
        SplittableRandom rng = new SplittableRandom(42);
        a = random(rng, m * k);
        b = random(rng, k * n);
        c = new float[m * n];
    }

    private void set(boolean transA, boolean transB, int m, int n, int k) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
    }

    /** size values uniform in [-1, 1). */
    static float[] random(SplittableRandom rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Benchmark
    public void sgemm(Blackhole bh) {
        gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        bh.consume(c);
    }
}
