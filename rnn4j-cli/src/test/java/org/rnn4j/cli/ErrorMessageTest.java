package org.rnn4j.cli;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * File-system errors become one plain sentence naming the path (an output inside a path where a file stands in
 * the way of a folder used to print only the path).
 */
class ErrorMessageTest {
    @Test
    void fileSystemErrorsNameThePathAndTheReason() {
        assertEquals("cannot create /tmp/a: a file of that name exists",
                Main.describe(new FileAlreadyExistsException("/tmp/a")));
        assertEquals("/tmp/a/b: Not a directory",
                Main.describe(new FileSystemException("/tmp/a/b", null, "Not a directory")));
        assertEquals("no such file: /tmp/x", Main.describe(new UncheckedIOException(new NoSuchFileException("/tmp/x"))));
    }
}
