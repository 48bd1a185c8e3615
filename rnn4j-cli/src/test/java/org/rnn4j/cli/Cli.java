package org.rnn4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** The arguments of {@code base} followed by {@code more}. */
    static String[] concat(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
