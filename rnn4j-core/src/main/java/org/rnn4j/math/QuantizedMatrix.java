package org.rnn4j.math;

import java.util.Arrays;

/**
 * A weight matrix W (rows × cols) kept as 8-bit integers with one float scale per row, for inference one row of
 * input at a time (sampling), where reading the weights, not the arithmetic, bounds the speed: a quarter of the
 * bytes of float32. The quantization is symmetric and per row, as PyTorch's dynamic quantization stores the
 * weights of {@code nn.Linear} and {@code nn.LSTM} (qint8, per channel); the inputs and sums stay float32, so the
 * only error is each weight's rounding, at most half a step s_i / 2.
 *
 * <p>Layout: the rows in blocks of {@link #blockRows()} (4 vectors of the vector kernel, else 64), each block
 * column by column — byte {@code (block·cols + j)·blockRows + r} holds row {@code block·blockRows + r}, column j
 * — so that a product reads one stream of bytes and keeps a block's sums in registers, with no sum across lanes.
 * The blocks are padded to an even count (the vector kernel takes two per pass); rows past the last are zero,
 * with scale zero.
 *
 * <p>A product row is the same bits whichever kernel (scalar or vector) computes it and however the blocks are
 * shared among threads: every row sums its terms in column order with fused multiply-adds.
 */
public final class QuantizedMatrix {
    /** Below this many weights a product runs on the calling thread alone. */
    private static final long PARALLEL_WEIGHTS = 1L << 16;
    private static final QuantizedKernel VECTOR = vectorKernel();
    /** Per thread: the sums of the blocks a kernel has in hand, kept so that a product allocates nothing. */
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[0]);

    private final int rows;
    private final int cols;
    private final int blockRows;
    private final int blocks;
    private final byte[] q;
    private final float[] scale;
    private final QuantizedKernel kernel;

    private QuantizedMatrix(int rows, int cols, int blockRows, QuantizedKernel kernel) {
        this.rows = rows;
        this.cols = cols;
        this.blockRows = blockRows;
        // an even number of blocks: the vector kernel takes two per pass (a padded block is zero, with scale 0)
        this.blocks = 2 * ((rows + 2 * blockRows - 1) / (2 * blockRows));
        long size = (long) blocks * blockRows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix of " + rows + " × " + cols + " is too large to quantize");
        }
        this.q = new byte[(int) size];
        this.scale = new float[blocks * blockRows];
        this.kernel = kernel;
    }

    /** W (rows × cols, row-major at w[off], leading dimension cols) quantized with the fastest kernel here. */
    public static QuantizedMatrix of(float[] w, int off, int rows, int cols) {
        return of(w, off, rows, cols, VECTOR != null);
    }

    /** As {@link #of(float[], int, int, int)}; {@code vector} false forces the scalar kernel (for tests). */
    static QuantizedMatrix of(float[] w, int off, int rows, int cols, boolean vector) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("rows and columns must be positive");
        }
        QuantizedKernel kernel = vector && VECTOR != null ? VECTOR : null;
        QuantizedMatrix m = new QuantizedMatrix(rows, cols, kernel != null ? kernel.blockRows() : 64, kernel);
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            float max = 0f;
            for (int j = 0; j < cols; j++) {
                float v = w[row + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("weight (" + i + ", " + j + ") is " + v);
                }
                max = Math.max(max, Math.abs(v));
            }
            if (max == 0f) {
                continue;                       // q = 0, s = 0: the row contributes nothing
            }
            // s_i = max_j |w_ij| / 127 ; q_ij = round(w_ij / s_i), in -127..127
            float s = max / 127f;
            m.scale[i] = s;
            int block = i / m.blockRows;
            int r = i % m.blockRows;
            for (int j = 0; j < cols; j++) {
                int v = Math.round(w[row + j] / s);
                m.q[(block * cols + j) * m.blockRows + r] = (byte) Math.max(-127, Math.min(127, v));
            }
        }
        return m;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }

    /** Rows per block of the layout: 4 vectors of the vector kernel, or 64 without it. */
    public int blockRows() { return blockRows; }

    /** Whether products run on the Vector API kernel. */
    public boolean vectorized() { return kernel != null; }

    /** s_i, the step between the values row i can take. */
    public float scale(int i) {
        return scale[i];
    }

    /** The weight the products use in place of w_ij: s_i·q_ij. */
    public float weight(int i, int j) {
        return scale[i] * q[((i / blockRows) * cols + j) * blockRows + i % blockRows];
    }

    /**
     * y[yOff + i] += s_i·Σ_j q_ij·x[xOff + j] for every row i; with more than one thread in the GEMM backend
     * ({@link Gemm#backend()}) and a large matrix, the blocks of rows are shared among that many threads.
     */
    public void multiplyAdd(float[] x, int xOff, float[] y, int yOff) {
        if (xOff < 0 || x.length - xOff < cols || yOff < 0 || y.length - yOff < rows) {
            throw new IllegalArgumentException("x needs " + cols + " floats from " + xOff + " (has " + x.length
                    + "), y " + rows + " from " + yOff + " (has " + y.length + ")");
        }
        int threads = Gemm.backend().threads();
        if (threads == 1 || blocks == 2 || (long) rows * cols < PARALLEL_WEIGHTS) {
            blocks(0, blocks, x, xOff, y, yOff);
            return;
        }
        // one run of pairs of blocks per thread, each thread taking its own run when it is still free: then every
        // call gives a thread the same rows, which stay in its core's level-2 cache (1.6 MB of the 2 × 512 model's
        // 3.2 MB per core on two threads) instead of coming from further out (QuantizedProductBenchmark, two
        // threads: 10,803 -> 12,780 steps/s); a thread whose run another thread already took, because it came
        // late, takes any run left
        int pairs = blocks / 2;
        WorkerTeam.of(threads).runOwnRanges(pairs, (from, to) -> blocks(2 * from, 2 * to, x, xOff, y, yOff));
    }

    /**
     * For r &lt; m: y[yOff + r·ldy + i] += s_i·Σ_j q_ij·x[xOff + r·ldx + j], the product of each of m rows of x
     * (as {@link #multiplyAdd(float[], int, float[], int)}, row after row).
     */
    public void multiplyAdd(int m, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int r = 0; r < m; r++) {
            multiplyAdd(x, xOff + r * ldx, y, yOff + r * ldy);
        }
    }

    private void blocks(int from, int to, float[] x, int xOff, float[] y, int yOff) {
        if (kernel != null) {
            kernel.blocks(q, scale, rows, cols, from, to, x, xOff, y, yOff);
        } else {
            scalarBlocks(from, to, x, xOff, y, yOff);
        }
    }

    private void scalarBlocks(int from, int to, float[] x, int xOff, float[] y, int yOff) {
        float[] sums = sums(blockRows);
        for (int block = from; block < to; block++) {
            Arrays.fill(sums, 0f);
            int o = block * cols * blockRows;
            for (int j = 0; j < cols; j++, o += blockRows) {
                float xj = x[xOff + j];
                for (int r = 0; r < blockRows; r++) {
                    sums[r] = Math.fma(q[o + r], xj, sums[r]);
                }
            }
            addScaled(sums, scale, block * blockRows, Math.min(rows, (block + 1) * blockRows), y, yOff);
        }
    }

    /** This thread's buffer for the sums of the blocks in hand, at least n floats; its contents are left over. */
    static float[] sums(int n) {
        float[] s = SUMS.get();
        if (s.length < n) {
            s = new float[n];
            SUMS.set(s);
        }
        return s;
    }

    /** y[yOff + i] += s_i·sums[i - first] for the rows i in [first, end): how both kernels finish a row. */
    static void addScaled(float[] sums, float[] scale, int first, int end, float[] y, int yOff) {
        for (int i = first; i < end; i++) {
            y[yOff + i] = y[yOff + i] + scale[i] * sums[i - first];
        }
    }

    private static QuantizedKernel vectorKernel() {
        if (!GemmBackends.vectorApiLoaded()) {
            return null;
        }
        try {
            QuantizedKernel k = (QuantizedKernel) Class.forName("org.rnn4j.math.VectorQuantizedKernel")
                    .getDeclaredConstructor().newInstance();
            return k.blockRows() > 0 ? k : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The product of blocks [from, to), an even number starting at an even block, as {@link #scalarBlocks}
     * computes it; implemented with the Vector API.
     */
    interface QuantizedKernel {
        /** Rows per block, 4 vectors; 0 when the vector width does not suit the kernel. */
        int blockRows();

        void blocks(byte[] q, float[] scale, int rows, int cols, int from, int to, float[] x, int xOff,
                    float[] y, int yOff);
    }
}
