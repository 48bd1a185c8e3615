package org.rnn4j.cli;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackends;

/**
 * The --threads and --gemm flags: how many threads the matrix products may use, and which backend computes them
 * (auto: OpenBLAS where rnn4j-openblas was built in and its library loads, else the Java ones).
 */
final class Threads {
    /** The thread count, and one line saying which backend was installed (and why not a faster one). */
    record Choice(int threads, String note) {
    }

    /** More threads than this only wait for each other (each is a thread of the OS, with its own stack). */
    static final int MAX_THREADS = 1024;

    private Threads() {
    }

    static Choice configure(Integer requested, String gemm) {
        int n = requested == null ? Runtime.getRuntime().availableProcessors() : requested;
        if (n <= 0) {
            throw new UserError("--threads must be positive");
        }
        if (n > MAX_THREADS) {
            throw new UserError("--threads " + n + " is more than " + MAX_THREADS + "; this machine has "
                    + Runtime.getRuntime().availableProcessors() + " cores");
        }
        GemmBackends.Kind kind;
        try {
            kind = GemmBackends.Kind.parse(gemm);
        } catch (IllegalArgumentException e) {
            throw new UserError("--gemm: " + e.getMessage());
        }
        GemmBackends.Selection selection;
        try {
            selection = GemmBackends.select(kind, n);
        } catch (IllegalStateException e) {
            throw new UserError("--gemm " + gemm + ": " + e.getMessage());
        }
        Gemm.setBackend(selection.backend());
        return new Choice(n, selection.note());
    }
}
