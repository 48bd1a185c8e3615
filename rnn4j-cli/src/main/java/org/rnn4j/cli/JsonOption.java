package org.rnn4j.cli;

import picocli.CommandLine.Option;

/** The {@code --json} flag of a task's {@code train} and {@code eval} (a picocli mixin). */
final class JsonOption {
    @Option(names = "--json", description = "print the metrics as one JSON object on the last line")
    boolean enabled;
}
