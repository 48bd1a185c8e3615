package org.rnn4j.cli;

import picocli.CommandLine.Option;

/** The --threads and --gemm options of the task commands (a picocli mixin). */
final class ComputeOptions {
    @Option(names = "--threads", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", description = "matrix products: auto, openblas, vector or java (default: ${DEFAULT-VALUE})")
    String gemm;

    Threads.Choice configure() {
        return Threads.configure(threads, gemm);
    }
}
