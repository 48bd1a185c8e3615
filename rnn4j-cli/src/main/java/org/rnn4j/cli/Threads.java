package org.rnn4j.cli;

import org.rnn4j.math.Gemm;

/** The --threads flag: how many threads the compute kernels may use. */
final class Threads {
    private Threads() {
    }

    static int configure(Integer requested) {
        int n = requested == null ? Runtime.getRuntime().availableProcessors() : requested;
        if (n <= 0) {
            throw new UserError("--threads must be positive");
        }
        Gemm.setBackend(Gemm.best(n));
        return n;
    }
}
