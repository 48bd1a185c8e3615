package org.rnn4j.openblas;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OpenBlasGemmChecks} on the FFM binding (compiled and run on JDK 22+ only), and its library search. */
class FfmOpenBlasGemmTest extends OpenBlasGemmChecks {
    @Override
    OpenBlasBinding binding() {
        return FfmOpenBlas.get();
    }

    @Test
    void theLibraryBundledForLinuxX8664IsTheOneLoadedThere() {
        boolean linuxX64 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        if (linuxX64 && System.getProperty(FfmOpenBlas.LIBRARY_PROPERTY) == null) {
            assertEquals("FFM", binding().kind());
            assertTrue(binding().source().startsWith("bundled "), binding().source());
            assertTrue(binding().config().startsWith("OpenBLAS 0.3.30"), binding().config());
        }
    }

    @Test
    void aLibraryThatIsMissingOrIsNotOpenBlasIsSkippedWithAReason() {
        Object missing = FfmOpenBlas.load(List.of(
                FfmOpenBlas.Candidate.path("test", Path.of("/nonexistent/libopenblas.so.0")),
                FfmOpenBlas.Candidate.name("test", "libc.so.6")), List.of("bundled: not here"));
        assertInstanceOf(String.class, missing);
        String reason = (String) missing;
        assertTrue(reason.startsWith("no usable OpenBLAS library (bundled: not here; "), reason);
        assertTrue(reason.contains("/nonexistent/libopenblas.so.0: cannot be loaded"), reason);
        assertTrue(reason.contains("libc.so.6: has no openblas_get_config"), reason);
        assertFalse(reason.contains("\n"), reason);
    }
}
