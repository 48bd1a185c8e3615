package org.rnn4j.cli;

import picocli.CommandLine.Command;

/** {@code rnn4j task}: the long-time-lag benchmarks of the vanishing-gradient literature. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = {"Long-time-lag tasks that show whether a recurrent network can carry information (and "
                + "gradient) across many steps: the adding problem, the copy-memory task, row-by-row and "
                + "pixel-by-pixel MNIST, and the table of which cells solve the adding problem at which lengths.",
                "See docs/vanishing-gradients.md."},
        subcommands = {AddingCommand.class, CopyCommand.class, SequentialMnistCommand.class,
                AddingTableCommand.class})
final class TaskCommand {
}
