package org.rnn4j.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared helpers of the reference and layer tests: seeded random tensors, flattening, conversions between the
 * reference's batch-first nested arrays and the fast code's time-major flat float arrays, centred finite
 * differences and the error metric.
 *
 * <p><b>Error metric.</b> Every comparison is norm-wise per tensor:
 * {@code rel(a, b) = ||a - b||₂ / max(||a||₂ + ||b||₂, 1e-300)} (0 when both are exactly zero). It is used
 * instead of an element-wise ratio because entries of a gradient can be arbitrarily small (vanishing
 * gradients, saturated gates), where the absolute error of a finite difference or of float arithmetic is not.
 *
 * <p>The largest error seen per category is recorded; when the system property {@code rnn4j.errorReport}
 * names a file, the table is written there when the JVM exits (tests themselves never print).
 */
public final class Numerics {
    /** Centred finite-difference step, in double. */
    public static final double FD_STEP = 1e-6;

    private static final Map<String, Double> MAX_ERRORS = new TreeMap<>();

    static {
        String report = System.getProperty("rnn4j.errorReport");
        if (report != null && !report.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> writeReport(Path.of(report))));
        }
    }

    private Numerics() {
    }

    // ---------------------------------------------------------------- random data

    /** n values uniform in (-scale, scale). */
    public static double[] uniform(Random rnd, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return a;
    }

    /** A (d0, d1, d2) tensor uniform in (-scale, scale). */
    public static double[][][] uniform(Random rnd, int d0, int d1, int d2, double scale) {
        double[][][] a = new double[d0][d1][];
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++) {
                a[i][j] = uniform(rnd, d2, scale);
            }
        }
        return a;
    }

    /** Rounds every value to the nearest float, in place, so float and double code see the same numbers. */
    public static double[] roundToFloat(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) a[i];
        }
        return a;
    }

    public static double[][][] roundToFloat(double[][][] a) {
        for (double[] row : rows(a)) {
            roundToFloat(row);
        }
        return a;
    }

    // ---------------------------------------------------------------- shapes and conversions

    /** The innermost rows of a nested tensor, in order; writing into them writes the tensor. */
    public static List<double[]> rows(double[][][] a) {
        List<double[]> list = new ArrayList<>();
        if (a != null) {
            for (double[][] m : a) {
                for (double[] r : m) {
                    list.add(r);
                }
            }
        }
        return list;
    }

    public static double[] flatten(double[][][] a) {
        return concat(rows(a));
    }

    public static double[] concat(List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    public static double[][][] zeros(int d0, int d1, int d2) {
        return new double[d0][d1][d2];
    }

    public static double[][][] copy(double[][][] a) {
        if (a == null) {
            return null;
        }
        double[][][] c = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            c[i] = new double[a[i].length][];
            for (int j = 0; j < a[i].length; j++) {
                c[i][j] = a[i][j].clone();
            }
        }
        return c;
    }

    public static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    public static double[] toDouble(float[] a, int from, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[from + i];
        }
        return d;
    }

    /** Batch-first x[b][t][f] to the time-major flat (T, B, F) layout of the fast code. */
    public static float[] toTimeMajor(double[][][] x) {
        int batch = x.length;
        int steps = x[0].length;
        int f = x[0][0].length;
        float[] out = new float[steps * batch * f];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < f; i++) {
                    out[(t * batch + b) * f + i] = (float) x[b][t][i];
                }
            }
        }
        return out;
    }

    /** Time-major flat (T, B, F) to batch-first x[b][t][f]. */
    public static double[][][] fromTimeMajor(float[] a, int steps, int batch, int f) {
        double[][][] x = new double[batch][steps][f];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < f; i++) {
                    x[b][t][i] = a[(t * batch + b) * f + i];
                }
            }
        }
        return x;
    }

    /** Batch-first ids[b][t] to time-major (T·B). */
    public static int[] toTimeMajor(int[][] ids) {
        int batch = ids.length;
        int steps = ids[0].length;
        int[] out = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out[t * batch + b] = ids[b][t];
            }
        }
        return out;
    }

    /** A state s[slot][b][h] to the flat (S, B, H) layout (same order). */
    public static float[] toFlat(double[][][] s) {
        return toFloat(flatten(s));
    }

    public static double[][][] fromFlat(float[] a, int slots, int batch, int hidden) {
        double[][][] s = new double[slots][batch][hidden];
        for (int k = 0; k < slots; k++) {
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) {
                    s[k][b][j] = a[(k * batch + b) * hidden + j];
                }
            }
        }
        return s;
    }

    /** Σ a·w over two tensors of the same shape. */
    public static double dot(double[][][] a, double[][][] w) {
        if (a == null) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    s += a[i][j][k] * w[i][j][k];
                }
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- finite differences

    /**
     * Centred finite differences (L(v + h) - L(v - h)) / 2h of the loss with respect to every entry of
     * every array in {@code values} (perturbed in place and restored), concatenated in order.
     */
    public static double[] finiteDifferences(DoubleSupplier loss, List<double[]> values, double h) {
        List<double[]> out = new ArrayList<>();
        for (double[] v : values) {
            double[] g = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                double saved = v[i];
                v[i] = saved + h;
                double plus = loss.getAsDouble();
                v[i] = saved - h;
                double minus = loss.getAsDouble();
                v[i] = saved;
                g[i] = (plus - minus) / (2 * h);
            }
            out.add(g);
        }
        return concat(out);
    }

    public static double[] finiteDifferences(DoubleSupplier loss, double[] values, double h) {
        return finiteDifferences(loss, List.of(values), h);
    }

    // ---------------------------------------------------------------- error metric

    /** Norm-wise relative error ||a - b|| / (||a|| + ||b||); 0 when both are exactly zero. */
    public static double relError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            diff += d * d;
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (diff == 0) {
            return 0;
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nb), 1e-300);
    }

    /**
     * Asserts {@code relError(expected, actual) < tol}, records the error under {@code category} and
     * returns it. A NaN error fails.
     */
    public static double assertClose(String category, String what, double[] expected, double[] actual,
                                     double tol) {
        double err = relError(expected, actual);
        record(category, err);
        assertTrue(err < tol, () -> String.format(Locale.ROOT, "%s / %s: relative error %.3e >= %.1e",
                category, what, err, tol));
        return err;
    }

    public static double assertClose(String category, String what, double expected, double actual, double tol) {
        return assertClose(category, what, new double[] {expected}, new double[] {actual}, tol);
    }

    public static synchronized void record(String category, double err) {
        MAX_ERRORS.merge(category, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err, Math::max);
    }

    private static synchronized void writeReport(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : MAX_ERRORS.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-50s %.3e%n", e.getKey(), e.getValue()));
        }
        try {
            Files.write(path, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
