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
import org.rnn4j.math.QuantizedMatrix;
import org.rnn4j.math.RowProduct;

/**
 * The weight products of one batch-1 sampling step of the 2 × 512 LSTM char model (embedding 64, vocabulary
 * 65): W_ih (2048 × 64) and W_hh (2048 × 512) of layer 1, W_ih and W_hh (2048 × 512) of layer 2, the decoder
 * (65 × 512); 3.3 million weights, 12.7 MB in float32 (more than this machine's two 2 MB level-2 caches),
 * 3.2 MB in int8. The score is calls per second, i.e. characters per second of the products alone.
 *
 * <p>{@code weights}: {@code float32} (the Vector API backend's batch-1 product, one job per product, as a
 * step ran them before {@link org.rnn4j.nn.BatchOneStepper}), {@code grouped} (float32 as the stepper runs a
 * step: layer 1's W_hh with layer 2's two products in one job, {@link GemmBackend#dotRowGroup}, then the decoder,
 * every other step from the groups' end; layer 1's W_ih is a table lookup there, so 12.2 of the 12.7 MB) or
 * {@code int8} ({@link QuantizedMatrix}).
 * {@code threads}: the backend's thread count, which {@link QuantizedMatrix} also uses.
 */
public class QuantizedProductBenchmark extends BenchmarkSettings {
    private static final int[][] SHAPES = {{2048, 64}, {2048, 512}, {2048, 512}, {2048, 512}, {65, 512}};

    @Param({"float32", "grouped", "int8"})
    public String weights;

    @Param({"1", "2"})
    public int threads;

    private boolean int8;
    private boolean grouped;
    private RowProduct[] layersGroup;
    private RowProduct[] decoderGroup;
    /** As the stepper does: every other step walks the groups from their end. */
    private boolean fromTheEnd;
    private GemmBackend saved;
    private GemmBackend gemm;
    private final float[][] w = new float[SHAPES.length][];
    private final QuantizedMatrix[] q = new QuantizedMatrix[SHAPES.length];
    private float[] x;
    private float[] y;

    @Setup
    public void setup() {
        if (!weights.equals("float32") && !weights.equals("grouped") && !weights.equals("int8")) {
            throw new IllegalArgumentException("weights: float32, grouped or int8, not " + weights);
        }
        int8 = weights.equals("int8");
        grouped = weights.equals("grouped");
        saved = Gemm.backend();
        gemm = GemmBackends.select(GemmBackends.Kind.VECTOR, threads).backend();
        Gemm.setBackend(gemm);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < SHAPES.length; i++) {
            w[i] = new float[SHAPES[i][0] * SHAPES[i][1]];
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = (float) (rnd.nextDouble() * 0.09 - 0.045);
            }
            q[i] = QuantizedMatrix.of(w[i], 0, SHAPES[i][0], SHAPES[i][1]);
        }
        x = new float[512];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (rnd.nextDouble() * 2 - 1);
        }
        y = new float[2048];
        float[] ahead = new float[2048];
        float[] bias = new float[2048];
        float[] logits = new float[SHAPES[4][0]];
        layersGroup = new RowProduct[] {
            RowProduct.single(2048, x, 0, 512, w[1], 0, 0f, ahead, 0),
            RowProduct.pair(2048, x, 0, 512, w[2], 0, bias, 0, x, 0, 512, w[3], 0, y, 0)};
        decoderGroup = new RowProduct[] {RowProduct.single(SHAPES[4][0], x, 0, 512, w[4], 0, 1f, logits, 0)};
    }

    @TearDown
    public void restore() {
        Gemm.setBackend(saved);
    }

    @Benchmark
    public void step(Blackhole bh) {
        if (grouped) {
            fromTheEnd = !fromTheEnd;
            gemm.dotRowGroup(fromTheEnd, layersGroup);
            gemm.dotRowGroup(fromTheEnd, decoderGroup);
            bh.consume(y);
            return;
        }
        for (int i = 0; i < SHAPES.length; i++) {
            int rows = SHAPES[i][0];
            int cols = SHAPES[i][1];
            if (int8) {
                q[i].multiplyAdd(x, 0, y, 0);
            } else {
                gemm.sgemm(false, true, 1, rows, cols, 1f, x, 0, cols, w[i], 0, cols, 1f, y, 0, rows);
            }
        }
        bh.consume(y);
    }
}
