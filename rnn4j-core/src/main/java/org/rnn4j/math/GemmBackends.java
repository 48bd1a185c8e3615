package org.rnn4j.math;

import java.lang.reflect.InvocationTargetException;

/**
 * Chooses a {@link GemmBackend}, fastest first: the native OpenBLAS one ({@value #OPENBLAS_CLASS}, module
 * rnn4j-openblas) when it is on the class path and its library loads; else {@link VectorGemm} when the JVM runs
 * with {@code --add-modules jdk.incubator.vector}; else the plain {@link JavaGemm}.
 *
 * <p>rnn4j-core refers to the OpenBLAS backend only by name, so it compiles and runs without it: without
 * rnn4j-openblas, or on a platform without an OpenBLAS library, the choice falls through to the Java backends and
 * {@link Selection#note()} says why. Nothing is printed. {@link Gemm#best} is this choice.
 */
public final class GemmBackends {
    /** The class of the OpenBLAS backend; it has a public constructor taking the thread count. */
    public static final String OPENBLAS_CLASS = "org.rnn4j.openblas.OpenBlasGemm";

    /** Which backend {@link #select(Kind, int)} returns. */
    public enum Kind {
        /** The fastest available: OpenBLAS, else the Vector API, else plain Java. */
        AUTO,
        /** OpenBLAS, or an {@link IllegalStateException} saying why it is unavailable. */
        OPENBLAS,
        /** {@link VectorGemm}, or an {@link IllegalStateException} when the Vector API module is not loaded. */
        VECTOR,
        /** The plain {@link JavaGemm}, always available. */
        JAVA;

        /** {@code auto}, {@code openblas}, {@code vector} or {@code java} (any case). */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(s.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown GEMM backend '" + s + "' (auto, openblas, vector or java)");
        }
    }

    /**
     * The chosen backend and one line describing the choice: its {@link GemmBackend#name()}, then why any faster
     * one was passed over, e.g. {@code openblas(2 threads, OpenBLAS 0.3.30 Cooperlake, bundled, FFM)} or
     * {@code java-vector256(2 threads); OpenBLAS not used: rnn4j-openblas is not on the class path}.
     */
    public record Selection(GemmBackend backend, String note) {
    }

    private GemmBackends() {
    }

    /** The fastest available backend with {@code threads} threads. */
    public static Selection select(int threads) {
        return select(Kind.AUTO, threads);
    }

    public static Selection select(Kind kind, int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive");
        }
        StringBuilder passedOver = new StringBuilder();
        if (kind == Kind.AUTO || kind == Kind.OPENBLAS) {
            try {
                return chosen(openBlas(threads), passedOver);
            } catch (Unavailable e) {
                if (kind == Kind.OPENBLAS) {
                    throw new IllegalStateException("OpenBLAS backend unavailable: " + e.getMessage());
                }
                passedOver.append("; OpenBLAS not used: ").append(e.getMessage());
            }
        }
        if (kind == Kind.AUTO || kind == Kind.VECTOR) {
            try {
                return chosen(vector(threads), passedOver);
            } catch (Unavailable e) {
                if (kind == Kind.VECTOR) {
                    throw new IllegalStateException("Vector API backend unavailable: " + e.getMessage());
                }
                passedOver.append("; Vector API not used: ").append(e.getMessage());
            }
        }
        return chosen(new JavaGemm(threads), passedOver);
    }

    private static Selection chosen(GemmBackend backend, CharSequence passedOver) {
        return new Selection(backend, backend.name() + passedOver);
    }

    private static GemmBackend openBlas(int threads) throws Unavailable {
        Class<?> type;
        try {
            type = Class.forName(OPENBLAS_CLASS);
        } catch (ClassNotFoundException e) {
            throw new Unavailable("rnn4j-openblas is not on the class path");
        } catch (UnsupportedClassVersionError e) {
            throw new Unavailable("the OpenBLAS backend was compiled for a newer Java than " + Runtime.version().feature());
        } catch (LinkageError e) {
            throw new Unavailable("the OpenBLAS backend does not link: " + e);
        }
        try {
            return (GemmBackend) type.getConstructor(int.class).newInstance(threads);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new Unavailable(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new Unavailable("the OpenBLAS backend cannot be constructed: " + e);
        }
    }

    /**
     * {@link VectorGemm} with {@code threads} threads when the JVM runs with the Vector API module, else null.
     * The OpenBLAS backend hands it the products of a single row by a transposed matrix (batch-1 sampling),
     * where OpenBLAS's sgemm is slowest.
     */
    public static GemmBackend vectorIfLoaded(int threads) {
        try {
            return vector(threads);
        } catch (Unavailable e) {
            return null;
        }
    }

    /**
     * Whether this JVM runs with the Vector API module ({@code --add-modules jdk.incubator.vector}): the classes
     * written with it (VectorGemm, the vector activations and LSTM row kernels) may be loaded only then.
     */
    public static boolean vectorApiLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static GemmBackend vector(int threads) throws Unavailable {
        if (!vectorApiLoaded()) {
            throw new Unavailable("the JVM runs without --add-modules jdk.incubator.vector");
        }
        try {
            return (GemmBackend) Class.forName("org.rnn4j.math.VectorGemm").getConstructor(int.class)
                    .newInstance(threads);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new Unavailable("VectorGemm cannot be constructed: " + e);
        }
    }

    private static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
