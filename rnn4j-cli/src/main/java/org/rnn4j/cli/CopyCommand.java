package org.rnn4j.cli;

import org.rnn4j.longlag.CopyMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnn4j task copy}: the copy-memory task with a given gap. */
@Command(name = "copy", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"The copy-memory task: 10 symbols (of 8), a gap of blanks, a delimiter; then repeat the 10 "
                + "symbols. T = gap + 20. Solved when 99%% of the recalled symbols are right."})
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
        options.validate();
        // T = gap + 20 steps (a long: it must not overflow before it is checked)
        options.checkArrays("--gap, --batch-size and --hidden-size", List.of(options.cellType()),
                (long) gap + 2 * CopyMemory.SYMBOLS, CopyMemory.SYMBOLS, CopyMemory.SYMBOLS, testSize);
        CopyMemory task = new CopyMemory(gap, testSize, LongLagOptions.testSeed(options.seed));
        return LongLagRun.report(task, options, spec.commandLine().getOut());
    }
}
