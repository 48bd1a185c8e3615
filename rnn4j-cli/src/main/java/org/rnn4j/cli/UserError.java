package org.rnn4j.cli;

/** A problem with what the user asked for or gave: reported as one line on stderr, exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
