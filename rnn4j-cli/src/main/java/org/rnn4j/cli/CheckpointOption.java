package org.rnn4j.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The required {@code --checkpoint FILE} of a task's {@code eval} and {@code predict} (a picocli mixin): the model
 * file that the parent command's {@code train} wrote.
 */
final class CheckpointOption {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "a ${PARENT-COMMAND-NAME} model file")
    Path file;
}
