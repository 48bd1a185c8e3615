package org.rnn4j.openblas;

import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.JavaGemm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A quick GFLOP/s table (not a JMH benchmark, not a test): the median of timed calls after a warm-up, for the
 * shapes (m, n, k, transA, transB) of the layers' products, per backend. Run from rnn4j-openblas after
 * {@code mvn test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp CLASSPATH \
 *     org.rnn4j.openblas.GemmThroughput [seconds per measurement [backends, e.g. java1,vector2,openblas2,jni2]]
 * </pre>
 * Each line carries the 1-minute load average, as the machine may be busy with other processes.
 */
public final class GemmThroughput {
    private GemmThroughput() {
    }

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        int[][] shapes = {{5000, 512, 128, 0, 1}, {5000, 1024, 256, 0, 1}, {2048, 512, 64, 0, 1}, {50, 2048, 512, 0, 1}, {5000, 2048, 512, 0, 1},
                {2048, 512, 5000, 1, 0}, {5000, 512, 2048, 0, 0}, {1, 2048, 512, 0, 1}};
        List<String> only = args.length > 1 ? Arrays.asList(args[1].split(",")) : List.of();
        List<GemmBackend> backends = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            if (only.isEmpty() || only.contains("java" + threads)) {
                backends.add(new JavaGemm(threads));
            }
        }
        for (int threads : new int[] {1, 2}) {
            if ((only.isEmpty() || only.contains("vector" + threads))
                    && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
                backends.add(GemmBackends.select(GemmBackends.Kind.VECTOR, threads).backend());
            }
        }
        for (int threads : new int[] {1, 2}) {
            if (only.isEmpty() || only.contains("openblas" + threads)) {
                backends.add(new OpenBlasGemm(threads));
            }
        }
        // the JNI binding (copies) beside the FFM one, where the default is FFM
        boolean jniIsDefault = OpenBlasBinding.get().kind().equals("JNI");
        for (int threads : new int[] {1, 2}) {
            if (only.isEmpty() ? !jniIsDefault : only.contains("jni" + threads)) {
                backends.add(new OpenBlasGemm(threads, OpenBlasBinding.jni()));
            }
        }
        System.out.println("java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + OpenBlasGemm.library());
        System.out.printf(Locale.ROOT, "%-22s %-66s %9s %7s %5s%n", "shape (m,n,k,tA,tB)", "backend", "GFLOP/s",
                "calls", "load");
        Random rnd = new Random(1);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = s[3] == 1, tb = s[4] == 1;
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            double flop = 2.0 * m * n * k;
            String shape = String.format(Locale.ROOT, "(%d,%d,%d,%s,%s)", m, n, k, ta ? "T" : "F", tb ? "T" : "F");
            for (GemmBackend g : backends) {
                // warm-up: a few calls, at least 0.3 s
                long w0 = System.nanoTime();
                for (int i = 0; i < 3 || System.nanoTime() - w0 < 300_000_000L; i++) {
                    g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                }
                List<Long> times = new ArrayList<>();
                long t0 = System.nanoTime();
                while (times.size() < 3 || System.nanoTime() - t0 < seconds * 1e9) {
                    long t = System.nanoTime();
                    g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                    times.add(System.nanoTime() - t);
                }
                long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
                double median = sorted[sorted.length / 2];
                System.out.printf(Locale.ROOT, "%-22s %-66s %9.1f %7d %5s%n", shape, g.name(), flop / median,
                        sorted.length, load());
            }
        }
        System.out.println("bits with 1 vs 2 OpenBLAS threads, same inputs: " + sameBitsAcrossThreadCounts(rnd));
    }

    /** Whether OpenBLAS gives the same bits with 1 and 2 threads on each shape above (informative). */
    private static String sameBitsAcrossThreadCounts(Random rnd) {
        int[][] shapes = {{5000, 512, 128, 0, 1}, {5000, 1024, 256, 0, 1}, {2048, 512, 64, 0, 1}, {50, 2048, 512, 0, 1}, {2048, 512, 1000, 1, 0},
                {1000, 512, 2048, 0, 0}, {1, 2048, 512, 0, 1}};
        StringBuilder out = new StringBuilder();
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = s[3] == 1, tb = s[4] == 1;
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] one = new float[m * n];
            float[] two = new float[m * n];
            new OpenBlasGemm(1).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, one, 0, n);
            new OpenBlasGemm(2).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, two, 0, n);
            out.append(String.format(Locale.ROOT, "(%d,%d,%d) %s; ", m, n, k,
                    Arrays.equals(one, two) ? "same" : "differ"));
        }
        return out.toString();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
