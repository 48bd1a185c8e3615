package org.rnn4j.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeExampleTest {
    @Test
    void theExampleLearnsHello() {
        double loss = ReadmeExample.train();
        assertTrue(loss < 0.05, "loss after 200 Adam steps: " + loss);
    }

    @Test
    void readmeShowsTheExampleVerbatim() throws IOException {
        Path root = Paths.get("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md"))) {
            root = root.getParent();
        }
        String source = region(Files.readAllLines(Paths.get("src/test/java/org/rnn4j/example/ReadmeExample.java"),
                StandardCharsets.UTF_8));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(source), "README.md must contain the example of ReadmeExample.java verbatim:\n"
                + source);
        assertEquals(1, readme.split("README-EXAMPLE", -1).length, "markers do not belong in README.md");
    }

    /** The lines between the markers, with the common indentation removed. */
    private static String region(List<String> lines) {
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("README-EXAMPLE-BEGIN")) {
                begin = i + 1;
            } else if (lines.get(i).contains("README-EXAMPLE-END")) {
                end = i;
            }
        }
        List<String> body = lines.subList(begin, end);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}
