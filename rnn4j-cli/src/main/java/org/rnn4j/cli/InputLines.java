package org.rnn4j.cli;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a {@code predict} command reads: from the UTF-8 file given with {@code --input}, or from standard
 * input when none is given ("-" also means standard input). Bytes that are not UTF-8 are a user error.
 */
final class InputLines {
    private InputLines() {
    }

    /** What a streaming {@code predict} does with one input line. */
    @FunctionalInterface
    interface Action {
        void accept(String line) throws IOException;
    }

    /** All the lines, read before any is handled (for commands that check or batch them first). */
    static List<String> readAll(Path input) throws IOException {
        List<String> lines = new ArrayList<>();
        forEach(input, lines::add);
        return lines;
    }

    /** Handles each line as it is read and flushes {@code out} after each, so answers follow interactive input. */
    static void forEachFlushed(Path input, PrintWriter out, Action action) throws IOException {
        forEach(input, line -> {
            action.accept(line);
            out.flush();
        });
    }

    private static void forEach(Path input, Action action) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean stdin = input == null || input.toString().equals("-");
        if (!stdin && Files.isDirectory(input)) {
            throw new UserError("--input " + input + " is a directory; name a text file (or - for standard input)");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                stdin ? unclosable(System.in) : Files.newInputStream(input), decoder))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                action.accept(line);
            }
        } catch (CharacterCodingException e) {
            throw new UserError((stdin ? "standard input" : input.toString()) + " is not valid UTF-8");
        }
    }

    /** Closing the reader must not close the process's standard input. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
