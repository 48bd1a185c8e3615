package org.rnn4j.charlm;

import java.io.IOException;

/** A text file that cannot be used as a corpus: invalid UTF-8, empty, or with characters a model lacks. */
public final class TextFormatException extends IOException {
    public TextFormatException(String message) {
        super(message);
    }
}
