package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.rnn4j.longlag.CopyMemory;
import org.rnn4j.longlag.LongLagTrainer;
import org.rnn4j.nn.CellType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rnn4j task copy}: the copy-memory task with a given gap. */
@Command(name = "copy", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"The copy-memory task: 10 symbols (of 8), a gap of blanks, a delimiter; then repeat the 10 "
                + "symbols. T = gap + 20. Solved when 99% of the recalled symbols are right."})
final class CopyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--gap", defaultValue = "50", description = "blank steps between the symbols and their recall (default: ${DEFAULT-VALUE})")
    int gap;

    @Option(names = "--test-size", defaultValue = "1000", description = "held-out sequences (default: ${DEFAULT-VALUE})")
    int testSize;

    @Mixin
    LongLagOptions options;

    @Override
    public Integer call() throws Exception {
        if (gap < 1 || testSize <= 0) {
            throw new UserError("--gap must be at least 1 and --test-size positive");
        }
        CellType cell = options.cellType();
        LongLagTrainer.Settings settings = options.settings();
        Threads.configure(options.threads, options.gemm);
        CopyMemory task = new CopyMemory(gap, testSize, options.seed + 1_000_003L);
        PrintWriter out = spec.commandLine().getOut();
        LongLagTrainer.Result r = LongLagRun.run(task, cell, options.hidden, options.forgetBias(), settings, out, true);
        if (options.json) {
            out.println(new ObjectMapper().writeValueAsString(LongLagRun.json(task, cell, options.hidden, settings, r)));
        }
        return 0;
    }
}
