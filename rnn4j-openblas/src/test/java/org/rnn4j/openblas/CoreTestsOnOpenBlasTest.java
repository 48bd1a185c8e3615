package org.rnn4j.openblas;

import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;

import java.util.concurrent.atomic.AtomicLong;

/**
 * rnn4j-core's tests (from its test jar), tolerances unchanged, with every product of the layers computed by
 * OpenBLAS on 2 threads, through the binding this JVM chooses (JNI on JDK 17 in CI, FFM on JDK 25; the JNI
 * binding's products are also checked on JDK 25 by JniOpenBlasGemmTest): the layers against the double-precision reference and finite differences, against
 * PyTorch's fixtures, padded batches, truncated BPTT, the optimizers' fixtures, the char model.
 *
 * <p>Left out: ReadmeExampleTest, which compares README.md with a source file by paths relative to rnn4j-core,
 * and JavaGemmTest, which tests the Java backends by name and not through {@link Gemm}.
 */
@Suite
@SuiteDisplayName("rnn4j-core's tests with OpenBlasGemm(2)")
@SelectPackages("org.rnn4j")
@ExcludePackages("org.rnn4j.openblas")
@ExcludeClassNamePatterns({"org\\.rnn4j\\.example\\.ReadmeExampleTest", "org\\.rnn4j\\.math\\.JavaGemmTest"})
class CoreTestsOnOpenBlasTest {
    private static GemmBackend saved;
    private static Counting installed;

    @BeforeSuite
    static void useOpenBlas() {
        saved = Gemm.backend();
        installed = new Counting(new OpenBlasGemm(2));
        Gemm.setBackend(installed);
    }

    /** Fails the suite if the products did not go through OpenBLAS (a test replaced the backend, or none ran). */
    @AfterSuite
    static void restore() {
        GemmBackend current = Gemm.backend();
        Gemm.setBackend(saved);
        if (current != installed || installed.calls.get() < 10_000) {
            throw new AssertionError("the core tests' products did not all go through OpenBLAS: backend "
                    + current.name() + ", " + installed.calls.get() + " products");
        }
    }

    /** Counts the products it passes on. */
    private static final class Counting implements GemmBackend {
        final GemmBackend inner;
        final AtomicLong calls = new AtomicLong();

        Counting(GemmBackend inner) {
            this.inner = inner;
        }

        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                          int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            calls.incrementAndGet();
            inner.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
