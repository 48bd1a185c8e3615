package org.rnn4j.math;

/**
 * One batch-1 product of a group that {@link GemmBackend#dotRowGroup} runs at once, of one of two kinds:
 * <ul>
 *   <li>{@link #single}: {@code c[j] = x·B[j, :] + β·c[j]} for j &lt; n, B (n × k) row-major and dense — what
 *       {@code sgemm(false, true, 1, n, k, 1, x, xOff, k, B, bOff, k, β, c, cOff, n)} computes;</li>
 *   <li>{@link #pair}: {@code c[j] = h·B[j, :] + (x·A[j, :] + bias[j])}, A (n × kx) and B (n × kh) — what
 *       {@link GemmBackend#dotRowPair} computes.</li>
 * </ul>
 * The arrays are held, not copied: a group made once serves every step whose operands are written into the
 * same places.
 */
public record RowProduct(int n, float[] x, int xOff, int kx, float[] a, int aOff, float[] bias, int biasOff,
                         float[] h, int hOff, int kh, float[] b, int bOff, float beta, float[] c, int cOff) {

    /** c[j] = x·B[j, :] + β·c[j] for j &lt; n; B's rows are k long. */
    public static RowProduct single(int n, float[] x, int xOff, int k, float[] b, int bOff, float beta, float[] c,
                                    int cOff) {
        return new RowProduct(n, x, xOff, k, b, bOff, null, 0, null, 0, 0, null, 0, beta, c, cOff);
    }

    /** c[j] = h·B[j, :] + (x·A[j, :] + bias[j]) for j &lt; n; A's rows are kx long, B's kh. */
    public static RowProduct pair(int n, float[] x, int xOff, int kx, float[] a, int aOff, float[] bias,
                                  int biasOff, float[] h, int hOff, int kh, float[] b, int bOff, float[] c,
                                  int cOff) {
        return new RowProduct(n, x, xOff, kx, a, aOff, bias, biasOff, h, hOff, kh, b, bOff, 0f, c, cOff);
    }

    /** Whether this is a {@link #pair}. */
    public boolean isPair() {
        return h != null;
    }

    /** Multiply-adds per output. */
    public int work() {
        return kx + kh;
    }
}
