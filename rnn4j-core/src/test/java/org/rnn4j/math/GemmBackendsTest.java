package org.rnn4j.math;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend choice. In rnn4j-core's own build OpenBLAS is absent (it lives in rnn4j-openblas) and the tests run
 * with the Vector API module, so AUTO gives VectorGemm and says why not OpenBLAS; these tests also run in
 * rnn4j-openblas, where AUTO gives OpenBLAS.
 */
class GemmBackendsTest {
    @Test
    void javaIsAlwaysAvailable() {
        GemmBackends.Selection s = GemmBackends.select(GemmBackends.Kind.JAVA, 3);
        JavaGemm java = assertInstanceOf(JavaGemm.class, s.backend());
        assertEquals(3, java.threads());
        assertEquals("java(3 threads)", s.note());
    }

    @Test
    void autoTakesTheFastestAvailableAndSaysWhyNotTheFaster() {
        GemmBackends.Selection s = GemmBackends.select(2);
        assertFalse(s.note().contains("\n"), s.note());
        assertTrue(s.note().startsWith(s.backend().name()), s.note());
        if (present(GemmBackends.OPENBLAS_CLASS)) {
            // rnn4j-openblas on the class path: OpenBLAS, unless its library does not load here
            if (!s.backend().getClass().getName().equals(GemmBackends.OPENBLAS_CLASS)) {
                assertTrue(s.note().contains("; OpenBLAS not used: "), s.note());
            }
            return;
        }
        assertTrue(s.note().contains("; OpenBLAS not used: rnn4j-openblas is not on the class path"), s.note());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GemmBackends.select(GemmBackends.Kind.OPENBLAS, 2));
        assertTrue(e.getMessage().startsWith("OpenBLAS backend unavailable: rnn4j-openblas is not on the class path"),
                e.getMessage());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            VectorGemm vector = assertInstanceOf(VectorGemm.class, s.backend());
            assertEquals(2, vector.threads());
            assertFalse(s.note().contains("Vector API not used"), s.note());
        } else {
            assertInstanceOf(JavaGemm.class, s.backend());
            assertTrue(s.note().endsWith("; Vector API not used: the JVM runs without --add-modules "
                    + "jdk.incubator.vector"), s.note());
        }
    }

    @Test
    void bestIsTheAutomaticChoice() {
        assertEquals(GemmBackends.select(1).backend().getClass(), Gemm.best(1).getClass());
    }

    @Test
    void kindsParseAndThreadsMustBePositive() {
        assertEquals(GemmBackends.Kind.AUTO, GemmBackends.Kind.parse("auto"));
        assertEquals(GemmBackends.Kind.OPENBLAS, GemmBackends.Kind.parse(" OpenBLAS"));
        assertEquals(GemmBackends.Kind.VECTOR, GemmBackends.Kind.parse("vector"));
        assertEquals(GemmBackends.Kind.JAVA, GemmBackends.Kind.parse("java"));
        assertThrows(IllegalArgumentException.class, () -> GemmBackends.Kind.parse("mkl"));
        assertThrows(IllegalArgumentException.class, () -> GemmBackends.select(0));
    }

    private static boolean present(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
