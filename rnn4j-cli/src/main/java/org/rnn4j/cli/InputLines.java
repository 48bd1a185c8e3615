package org.rnn4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lines a {@code predict} command reads: from a UTF-8 file, or from standard input when none is given. */
final class InputLines {
    private InputLines() {
    }

    static BufferedReader open(Path input) throws IOException {
        if (input == null) {
            // closing the reader must not close the process's standard input
            return new BufferedReader(new InputStreamReader(new java.io.FilterInputStream(System.in) {
                @Override
                public void close() {
                }
            }, StandardCharsets.UTF_8));
        }
        return Files.newBufferedReader(input, StandardCharsets.UTF_8);
    }
}
