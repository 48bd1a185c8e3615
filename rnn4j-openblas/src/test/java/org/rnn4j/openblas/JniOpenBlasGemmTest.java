package org.rnn4j.openblas;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.GemmBackends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OpenBlasGemmChecks} on the JNI binding (every JDK), and the choice of binding and backend.
 */
class JniOpenBlasGemmTest extends OpenBlasGemmChecks {
    @Override
    OpenBlasBinding binding() {
        return OpenBlasBinding.jni();
    }

    @Test
    void theBundledLibraryLoadsThroughJavaCpp() {
        OpenBlasBinding jni = binding();
        assertEquals("JNI", jni.kind());
        assertTrue(jni.config().startsWith("OpenBLAS 0.3.30"), jni.config());
        assertTrue(jni.source().startsWith("bundled "), jni.source());
        // JavaCPP's BLAS-only wrappers give the version, not the kernel set picked at run time
        assertTrue(gemm(2).name().startsWith("openblas(2 threads, OpenBLAS 0.3.30, bundled, JNI)"), gemm(2).name());
    }

    /** FFM where it is built and the JVM is 22+, else JNI; OpenBLAS is what AUTO selects either way. */
    @Test
    void isAvailableAndSelectedAutomatically() {
        assertTrue(OpenBlasGemm.isAvailable(), () -> OpenBlasGemm.unavailableReason().orElse(""));
        String expected = ffmBuilt() && Runtime.version().feature() >= 22 ? "FFM" : "JNI";
        assertEquals(expected, OpenBlasBinding.get().kind());
        assertTrue(OpenBlasGemm.library().startsWith("OpenBLAS "), OpenBlasGemm.library());
        assertTrue(OpenBlasGemm.library().endsWith(", " + expected + ")"), OpenBlasGemm.library());
        GemmBackends.Selection auto = GemmBackends.select(2);
        assertInstanceOf(OpenBlasGemm.class, auto.backend(), auto.note());
        assertEquals(2, ((OpenBlasGemm) auto.backend()).threads());
        assertTrue(auto.note().startsWith("openblas(2 threads, OpenBLAS "), auto.note());
        assertInstanceOf(OpenBlasGemm.class, GemmBackends.select(GemmBackends.Kind.OPENBLAS, 1).backend());
        assertFalse(GemmBackends.select(GemmBackends.Kind.JAVA, 1).backend() instanceof OpenBlasGemm);
    }

    @Test
    void withoutTheFfmBindingTheReasonIsOneLine() {
        if (ffmBuilt() && Runtime.version().feature() >= 22) {
            return;   // FfmOpenBlasGemmTest covers the FFM binding there
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                OpenBlasBinding::ffm);
        assertTrue(e.getMessage().startsWith("the FFM binding "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static boolean ffmBuilt() {
        return JniOpenBlasGemmTest.class.getResource("FfmOpenBlas.class") != null;
    }
}
