package org.rnn4j.openblas;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * One way of calling OpenBLAS's {@code cblas_sgemm} on Java arrays. Two exist, over the same bundled library:
 * <ul>
 * <li>{@code FfmOpenBlas} (Java 22+, compiled from src/main/java22 only when Maven runs on JDK 22+): the FFM API,
 * on the arrays in place;</li>
 * <li>{@link JniOpenBlas} (Java 17+): JavaCPP's JNI wrappers, on native copies of the operands.</li>
 * </ul>
 * {@link #get()} chooses, once per JVM: the one the system property {@value #BINDING_PROPERTY} names
 * ({@code ffm} or {@code jni}), else FFM where it loads, else JNI.
 */
abstract class OpenBlasBinding {
    /** Forces one binding: {@code ffm} or {@code jni}; {@code auto} (or unset) is FFM where it loads, else JNI. */
    static final String BINDING_PROPERTY = "rnn4j.openblas.binding";

    private final String config;
    private final String source;

    OpenBlasBinding(String config, String source) {
        this.config = config;
        this.source = source;
    }

    /** {@code openblas_get_config()}, e.g. "OpenBLAS 0.3.30 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64". */
    final String config() {
        return config;
    }

    /** Where the library came from: "bundled", "system" or a property's name, then its path or name. */
    final String source() {
        return source;
    }

    /** "FFM" or "JNI". */
    abstract String kind();

    /**
     * Row-major {@code cblas_sgemm}. The arguments must have been checked ({@link OpenBlasGemm} does): the native
     * code does not check bounds. Sets OpenBLAS's (process-wide) thread count first when it differs.
     */
    abstract void sgemm(int threads, boolean transA, boolean transB, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc);

    /** The kernel set (the words of the config string that are not build options), the source and the binding. */
    final String shortDescription() {
        StringBuilder s = new StringBuilder();
        for (String w : config().trim().split("\\s+")) {
            if (w.equals("DYNAMIC_ARCH") || w.equals("NO_AFFINITY") || w.equals("NO_LAPACK")
                    || w.equals("NO_LAPACKE") || w.startsWith("MAX_THREADS=") || w.startsWith("USE_")) {
                continue;
            }
            s.append(s.length() == 0 ? "" : " ").append(w);
        }
        int space = source().indexOf(' ');
        return s + ", " + (space < 0 ? source() : source().substring(0, space)) + ", " + kind();
    }

    /** The chosen binding, or an IllegalStateException saying in one line why there is none. */
    static OpenBlasBinding get() {
        return loadedOrThrow(Choice.CHOSEN, OpenBlasBinding.class);
    }

    /** The JNI binding whatever the choice (the tests run both where both load). */
    static OpenBlasBinding jni() {
        return JniOpenBlas.get();
    }

    /** The FFM binding, or an IllegalStateException saying why it is unavailable. */
    static OpenBlasBinding ffm() {
        Class<?> type;
        try {
            type = Class.forName("org.rnn4j.openblas.FfmOpenBlas");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the FFM binding was not built (Maven ran on a JDK older than 22)");
        } catch (UnsupportedClassVersionError e) {
            throw new IllegalStateException("the FFM binding needs Java 22+, this is Java "
                    + Runtime.version().feature());
        } catch (LinkageError e) {
            throw new IllegalStateException("the FFM binding does not link: " + oneLine(e));
        }
        try {
            var get = type.getDeclaredMethod("get");
            get.setAccessible(true);
            return (OpenBlasBinding) get.invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(oneLine(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("the FFM binding cannot be used: " + oneLine(e));
        }
    }

    /**
     * What a binding's once-per-JVM loading produced: the binding itself, or the one-line reason (a String) why
     * there is none, thrown as an IllegalStateException.
     */
    static <T extends OpenBlasBinding> T loadedOrThrow(Object outcome, Class<T> type) {
        if (type.isInstance(outcome)) {
            return type.cast(outcome);
        }
        throw new IllegalStateException((String) outcome);
    }

    /** A throwable's message on one line (its class name when it has none). */
    static String oneLine(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").trim();
    }

    /** The outcome of choosing, once per JVM: a binding, or why there is none. */
    static final class Choice {
        static final Object CHOSEN = choose();

        private Choice() {
        }

        private static Object choose() {
            String forced = System.getProperty(BINDING_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            switch (forced) {
                case "ffm":
                    return attempt(true);
                case "jni":
                    return attempt(false);
                case "auto":
                case "":
                    break;
                default:
                    return BINDING_PROPERTY + " must be ffm, jni or auto, not '" + forced + "'";
            }
            Object ffm = attempt(true);
            if (ffm instanceof OpenBlasBinding) {
                return ffm;
            }
            Object jni = attempt(false);
            return jni instanceof OpenBlasBinding ? jni : "FFM: " + ffm + "; JNI: " + jni;
        }

        private static Object attempt(boolean ffm) {
            try {
                return ffm ? ffm() : jni();
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }
    }
}
