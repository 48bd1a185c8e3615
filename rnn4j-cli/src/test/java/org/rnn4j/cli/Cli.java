package org.rnn4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the {@code rnn4j} command in this JVM, as {@link Main#main} would, capturing what it prints. */
final class Cli {
    private Cli() {
    }

    /** What one run of the command did. */
    record Result(String[] args, int exitCode, String out, String err) {
        /** The last non-empty line of stdout. */
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "rnn4j " + String.join(" ", args) + "\n  exit code " + exitCode
                    + "\n  stdout: " + tail(out) + "\n  stderr: " + err;
        }

        private static String tail(String s) {
            return s.length() <= 2000 ? s : "…" + s.substring(s.length() - 2000);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.clone(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(args, code, out.toString(), err.toString());
    }

    /** Runs the command and checks that it succeeded. */
    static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.exitCode(), () -> "expected success:\n" + r);
        return r;
    }

    /**
     * Checks that the command refused its input as bad input is refused: exit code 2, exactly one line on stderr,
     * starting "rnn4j: " and saying {@code expected}, no stack trace or exception name anywhere, no internal error.
     */
    static void assertRefused(Result r, String expected) {
        assertEquals(2, r.exitCode(), r::toString);
        assertOneErrorLine(r, "rnn4j: ", expected);
    }

    /** Exactly one line on stderr, starting {@code start} and saying {@code expected}; no stack trace anywhere. */
    static void assertOneErrorLine(Result r, String start, String expected) {
        String[] errLines = r.err().split("\\R", -1);
        assertEquals(2, errLines.length, () -> "exactly one line on stderr:\n" + r);
        assertEquals("", errLines[1], r::toString);
        assertTrue(errLines[0].startsWith(start), r::toString);
        assertTrue(errLines[0].contains(expected), () -> "the message should say '" + expected + "':\n" + r);
        for (String output : new String[] {r.out(), r.err()}) {
            assertFalse(output.contains("Exception") || output.contains("\tat ") || output.contains("at org.")
                    || output.contains("at java."), () -> "a stack trace or exception name:\n" + r);
        }
        assertFalse(errLines[0].contains("internal error"), r::toString);
    }

    /** The arguments of {@code base} followed by {@code more}. */
    static String[] concat(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
