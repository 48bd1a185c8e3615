package org.rnn4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The datasets in {@code ../shared/data} beside the repository (CI has them): found by walking up from the
 * working directory. A missing dataset fails the test that needs it; it is never skipped.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        Path start = Paths.get("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return fail("no shared/data directory in " + start + " or above it: the datasets (../shared/data beside "
                + "the repository) are needed by this test");
    }

    public static Path file(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("dataset file missing: " + file);
        }
        return file;
    }

    public static Path tinyShakespeare() {
        return file("tinyshakespeare/input.txt");
    }

    /** The first {@code chars} characters of Tiny Shakespeare, written to {@code target}. */
    public static Path tinyShakespeareSlice(Path target, int chars) throws IOException {
        String text = Files.readString(tinyShakespeare(), StandardCharsets.UTF_8);
        Files.writeString(target, text.substring(0, chars), StandardCharsets.UTF_8);
        return target;
    }
}
