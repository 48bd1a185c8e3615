package org.rnn4j.io;

import java.io.IOException;

/** A file is not valid safetensors; the message says what is wrong, in one line. */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
