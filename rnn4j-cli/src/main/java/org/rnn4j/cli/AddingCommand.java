package org.rnn4j.cli;

import org.rnn4j.longlag.AddingProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnn4j task adding}: the adding problem at one length T. */
@Command(name = "adding", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"The adding problem: T steps of (number, marker), two marked; predict the sum of the two "
                + "marked numbers at the last step. Solved at test MSE < 0.01 (predicting 1 gives 0.167)."})
final class AddingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "100", description = "sequence length T (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--test-size", defaultValue = "1000", description = "held-out sequences (default: ${DEFAULT-VALUE})")
    int testSize;

    @Mixin
    LongLagOptions options;

    @Override
    public Integer call() throws Exception {
        if (steps < 2 || testSize <= 0) {
            throw new UserError("--steps must be at least 2 and --test-size positive");
        }
        options.validate();
        options.checkArrays("--steps, --batch-size and --hidden-size", List.of(options.cellType()), steps, 2, 1,
                testSize);
        AddingProblem task = new AddingProblem(steps, testSize, LongLagOptions.testSeed(options.seed));
        return LongLagRun.report(task, options, spec.commandLine().getOut());
    }
}
