package org.rnn4j.openblas;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.lang.ref.Cleaner;

import static org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads;
import static org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads;

/**
 * OpenBLAS through JavaCPP's JNI wrappers of the bundled library ({@code org.bytedeco:openblas}: BLAS only, class
 * {@code openblas_nolapack}, 330 KB of wrappers, with the thread count set through its presets class): the
 * binding for Java 17–21, where the FFM API cannot pass heap arrays to native code. JavaCPP loads the library
 * under the name {@code libopenblas_nolapack.so.0} (a copy of the bundled {@code libopenblas.so.0} in its cache),
 * and these wrappers do not reach {@code openblas_get_config}: {@link #config()} is the version only, without the
 * kernel set picked at run time.
 *
 * <p>JNI cannot either, short of pinning them ({@code GetPrimitiveArrayCritical}, which JavaCPP's generated
 * wrappers do not use): their {@code float[]} overloads copy each whole array into freshly allocated memory
 * and back at every call. So this binding copies itself, and only what the product touches: the span of A and
 * of B that it reads, and of C when β ≠ 0, into native buffers of the calling thread that grow to the largest
 * product seen and are then reused; after {@code cblas_sgemm} it copies C's m×n window back, row by row when
 * {@code ldc > n} (the gaps between rows are not written). On the products of a 2-layer LSTM's training step
 * (5000×512×128 to 5000×2048×512, 2 threads) the copies took 10–39% of the time, and the products ran at
 * 101–200 GFLOP/s against the Vector API's 56–129 (docs/benchmarks.md).
 *
 * <p>The buffers are allocated with {@code Pointer.malloc}, outside JavaCPP's accounting of native memory
 * (whose default limits follow the heap's and would refuse them under a small {@code -Xmx}), and freed when
 * their thread's buffers become unreachable. OpenBLAS reads {@code OPENBLAS_THREAD_TIMEOUT} when it loads; Java
 * cannot set an environment variable, so the {@code rnn4j} launcher exports it (see {@code FfmOpenBlas}).
 */
final class JniOpenBlas extends OpenBlasBinding {
    private static final int CBLAS_ROW_MAJOR = 101;
    private static final int CBLAS_NO_TRANS = 111;
    private static final int CBLAS_TRANS = 112;
    private static final Cleaner CLEANER = Cleaner.create();

    /** The outcome of loading, once per JVM. */
    private static final class Holder {
        static final Object LOADED = loadOnce();
    }

    private final ThreadLocal<Staging> staging = ThreadLocal.withInitial(Staging::new);

    private JniOpenBlas(String config, String source) {
        super(config, source);
    }

    /** The binding, or an IllegalStateException saying in one line why the library does not load. */
    static JniOpenBlas get() {
        return loadedOrThrow(Holder.LOADED, JniOpenBlas.class);
    }

    private static Object loadOnce() {
        try {
            String path = Loader.load(openblas_nolapack.class);
            return new JniOpenBlas(openblas_nolapack.OPENBLAS_VERSION.trim(), "bundled " + path);
        } catch (RuntimeException | LinkageError e) {
            return "JavaCPP's OpenBLAS wrappers do not load: " + OpenBlasBinding.oneLine(e);
        }
    }

    @Override
    String kind() {
        return "JNI";
    }

    /** On native copies of the spans of A, B (and C when β ≠ 0); C's window is copied back. */
    @Override
    void sgemm(int threads, boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc) {
        if (blas_get_num_threads() != threads) {
            blas_set_num_threads(threads);
        }
        Staging s = staging.get();
        // a rows×cols matrix with leading dimension ld spans (rows − 1)·ld + cols elements
        int aLength = ((transA ? k : m) - 1) * lda + (transA ? m : k);
        int bLength = ((transB ? n : k) - 1) * ldb + (transB ? k : n);
        int cLength = (m - 1) * ldc + n;
        FloatPointer na = s.buffers.ensure(0, aLength).put(a, aOff, aLength);
        FloatPointer nb = s.buffers.ensure(1, bLength).put(b, bOff, bLength);
        FloatPointer nc = s.buffers.ensure(2, cLength);
        if (beta != 0f) {
            nc.put(c, cOff, cLength);
        }
        openblas_nolapack.cblas_sgemm(CBLAS_ROW_MAJOR, transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
                transB ? CBLAS_TRANS : CBLAS_NO_TRANS, m, n, k, alpha, na, lda, nb, ldb, beta, nc, ldc);
        if (ldc == n) {
            nc.get(c, cOff, cLength);
        } else {
            for (int i = 0; i < m; i++) {
                nc.position((long) i * ldc).get(c, cOff + i * ldc, n);
            }
            nc.position(0);
        }
    }

    /** A thread's buffers; the native memory is freed once the Staging is unreachable. */
    private static final class Staging {
        final Buffers buffers = new Buffers();

        Staging() {
            CLEANER.register(this, buffers::free);
        }
    }

    /** Three native float buffers (A, B, C), each grown to the largest length asked. */
    private static final class Buffers {
        private final Pointer[] memory = new Pointer[3];
        private final FloatPointer[] floats = new FloatPointer[3];
        private final long[] capacity = new long[3];

        /** Buffer i with room for at least {@code length} floats, positioned at its start. */
        FloatPointer ensure(int i, long length) {
            if (capacity[i] < length) {
                if (memory[i] != null) {
                    Pointer.free(memory[i]);
                    memory[i] = null;
                    capacity[i] = 0;
                }
                Pointer p = Pointer.malloc(Float.BYTES * length);
                if (p == null || p.isNull()) {
                    throw new OutOfMemoryError("cannot allocate " + Float.BYTES * length
                            + " bytes of native memory for an OpenBLAS operand");
                }
                memory[i] = p;
                floats[i] = new FloatPointer(p).capacity(length);
                capacity[i] = length;
            }
            return floats[i].position(0);
        }

        void free() {
            for (int i = 0; i < memory.length; i++) {
                if (memory[i] != null) {
                    Pointer.free(memory[i]);
                    memory[i] = null;
                }
            }
        }
    }
}
