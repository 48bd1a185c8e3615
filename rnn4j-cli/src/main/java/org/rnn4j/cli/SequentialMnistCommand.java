package org.rnn4j.cli;

import org.rnn4j.data.Mnist;
import org.rnn4j.longlag.SequentialMnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnn4j task mnist}: MNIST read row by row (T = 28) or pixel by pixel (T = 784). */
@Command(name = "mnist", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sequential MNIST: the digit's class from its last step, reading the image one row per "
                + "step (T = 28) or, with --pixels, one pixel per step (T = 784, the IRNN paper's benchmark)."})
final class SequentialMnistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pixels", description = "one pixel per step (T = 784) instead of one row (T = 28)")
    boolean pixels;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding mnist/ (default: ../shared/data, found from the working directory up)")
    Path dataDir;

    @Option(names = "--test-size", defaultValue = "10000", description = "test images used, from the start of MNIST's test set (default: ${DEFAULT-VALUE})")
    int testSize;

    @Mixin
    LongLagOptions options;

    @Override
    public Integer call() throws Exception {
        if (testSize <= 0) {
            throw new UserError("--test-size must be positive");
        }
        options.validate();
        // MNIST's 28 × 28 images: 28 steps of 28 pixels, or 784 steps of one
        options.checkArrays("--batch-size and --hidden-size", List.of(options.cellType()), pixels ? 784 : 28,
                pixels ? 1 : 28, 10, testSize);
        Path dir = DataDirectory.resolve(dataDir, "mnist");
        SequentialMnist task = new SequentialMnist(Mnist.load(dir, true), Mnist.load(dir, false).head(testSize), pixels);
        return LongLagRun.report(task, options, spec.commandLine().getOut());
    }
}
