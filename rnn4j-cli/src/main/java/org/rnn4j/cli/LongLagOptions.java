package org.rnn4j.cli;

import org.rnn4j.longlag.LongLagTrainer;
import org.rnn4j.nn.CellType;
import picocli.CommandLine.Option;

/** The training options every long-time-lag task command shares (a picocli mixin). */
final class LongLagOptions {
    @Option(names = "--cell", defaultValue = "lstm", description = "lstm, gru, rnn_tanh or rnn_relu (an IRNN: identity-initialised) (default: ${DEFAULT-VALUE})")
    String cell;

    @Option(names = "--hidden-size", defaultValue = "128", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--forget-bias", defaultValue = "1", description = "the LSTM's initial forget-gate bias, or 'pytorch' to keep PyTorch's random one, about 0 (default: ${DEFAULT-VALUE})")
    String forgetBias;

    @Option(names = "--batch-size", defaultValue = "32", description = "sequences per update (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, rmsprop or sgd (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--grad-clip", defaultValue = "1", description = "maximum global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
    double gradClip;

    @Option(names = "--max-sequences", defaultValue = "100000", description = "training budget in sequences (default: ${DEFAULT-VALUE})")
    long maxSequences;

    @Option(names = "--eval-every", defaultValue = "2000", description = "training sequences between tests (default: ${DEFAULT-VALUE})")
    long evalEvery;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the initialisation and of the training data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", description = "matrix products: auto, openblas, vector or java (default: ${DEFAULT-VALUE})")
    String gemm;

    @Option(names = "--json", description = "print one JSON object with the result on the last line")
    boolean json;

    /** The seed of the held-out sequences of a generated task. */
    static long testSeed(long seed) {
        // test seed = training seed + 1,000,003: a generator apart from the training data's, the same for every cell
        return seed + 1_000_003L;
    }

    double forgetBias() {
        return parseForgetBias(forgetBias);
    }

    /** A number, or "pytorch" (NaN: keep the random bias of PyTorch's initialisation). */
    static double parseForgetBias(String value) {
        if (value.equals("pytorch")) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(value);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--forget-bias: expected a number or 'pytorch', got '" + value + "'");
    }

    /** The cells a --cells list names, or a one-line error (an unknown cell, or one named twice). */
    static java.util.List<CellType> parseCells(java.util.List<String> ids) {
        java.util.List<CellType> cells = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                cells.add(CellType.fromId(id));
            } catch (IllegalArgumentException e) {
                throw new UserError("--cells: " + e.getMessage());
            }
        }
        FlagChecks.noDuplicates("--cells", ids);
        return cells;
    }

    CellType cellType() {
        try {
            return CellType.fromId(cell);
        } catch (IllegalArgumentException e) {
            throw new UserError("--cell: " + e.getMessage());
        }
    }

    /**
     * The training flags checked, before any data is made or read: sizes, a finite learning rate and clip norm,
     * a known optimizer and forget bias.
     */
    void validate() {
        if (hidden <= 0) {
            throw new UserError("--hidden-size must be positive");
        }
        if (batchSize <= 0 || maxSequences <= 0 || evalEvery <= 0) {
            throw new UserError("--batch-size, --max-sequences and --eval-every must be positive");
        }
        FlagChecks.positive("--learning-rate", learningRate);
        FlagChecks.zeroOrPositive("--grad-clip", gradClip);
        if (!java.util.List.of("adam", "rmsprop", "sgd").contains(optimizer)) {
            throw new UserError("--optimizer: expected adam, rmsprop or sgd, got '" + optimizer + "'");
        }
        forgetBias();
    }

    /**
     * That the model and the arrays of a batch fit in Java arrays, for a task of T steps, I inputs and K outputs,
     * for the given cells; refused with {@code flags} (e.g. "--steps, --batch-size and --hidden-size") named.
     */
    void checkArrays(String flags, java.util.List<CellType> cells, long steps, long input, long outputs, long testSize) {
        checkArrays(flags, cells, hidden, batchSize, maxSequences, steps, input, outputs, testSize);
    }

    /** As {@link #checkArrays(String, java.util.List, long, long, long, long)} for explicit sizes (gradflow's). */
    static void checkArrays(String flags, java.util.List<CellType> cells, int hidden, int batchSize, long maxSequences,
                            long steps, long input, long outputs, long testSize) {
        // the trainer's batches: min(B, budget) sequences; the test set's: max(B, 100), at most the test size
        long batch = Math.max(Math.min(batchSize, maxSequences), Math.min(Math.max(batchSize, 100), testSize));
        for (CellType c : cells) {
            new ParameterCount("--hidden-size")
                    .recurrent("--hidden-size", c.gates(), input, hidden, false, 1, 1)
                    .add("--hidden-size", outputs, hidden + 1L);
            FlagChecks.arrayLength(flags, steps, batch, (long) c.gates() * hidden);
            FlagChecks.arrayLength(flags, steps + 1, batch, hidden);
        }
        FlagChecks.arrayLength(flags, steps, batch, input);
        FlagChecks.arrayLength(flags, steps, batch, outputs);
    }

    /** The trainer's settings, from flags that {@link #validate} has checked. */
    LongLagTrainer.Settings settings() {
        return new LongLagTrainer.Settings(batchSize, optimizer, learningRate, gradClip, maxSequences, evalEvery, seed);
    }
}
