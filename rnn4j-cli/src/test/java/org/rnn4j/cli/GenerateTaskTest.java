package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j generate}, trained for seconds: its held-out NLL per character must be well below that of a
 * uniform guess over its characters (ln V) and the check with a quickly trained names classifier must find more
 * generated names of the asked language than chance (1/18) clearly; predict writes one name per language line;
 * an unknown language is one line and exit 2.
 */
class GenerateTaskTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode trained;

    @BeforeAll
    static void train() throws IOException {
        Path classifier = tmp.resolve("names.safetensors");
        Cli.ok("classify", "train", "--dataset", "names", "--data-dir", SharedData.dir().toString(), "--output",
                classifier.toString(), "--train-limit", "4000", "--epochs", "2", "--hidden-size", "64",
                "--threads", "1");
        model = tmp.resolve("generator.safetensors");
        Cli.Result r = Cli.ok("generate", "train", "--data-dir", SharedData.dir().toString(), "--output",
                model.toString(), "--classifier", classifier.toString(), "--train-limit", "6000", "--epochs", "3",
                "--hidden-size", "64", "--per-language", "20", "--threads", "1", "--json");
        trained = JSON.readTree(r.lastLine());
    }

    @Test
    void learnsNamesAndTheirLanguages() {
        // about 60 characters and end: a uniform guess costs ln 60 ≈ 4.1 nats per character
        assertTrue(trained.get("nll_per_char").asDouble() < 2.8, trained.toString());
        assertEquals(360, trained.get("generated").asInt());
        assertTrue(trained.get("fraction_classified_as_asked").asDouble() >= 2.0 / 18, trained.toString());
    }

    @Test
    void evalRepeatsTheHeldOutNll() throws IOException {
        JsonNode node = JSON.readTree(Cli.ok("generate", "eval", "--checkpoint", model.toString(), "--data-dir",
                SharedData.dir().toString(), "--json").lastLine());
        assertEquals(trained.get("nll_per_char").asDouble(), node.get("nll_per_char").asDouble(), 1e-9);
    }

    @Test
    void predictWritesOneNamePerLanguage() throws IOException {
        Path input = tmp.resolve("languages.txt");
        Files.write(input, List.of("Russian", "Japanese", "Italian"));
        String[] lines = Cli.ok("generate", "predict", "--checkpoint", model.toString(), "--input", input.toString())
                .out().strip().split("\\R");
        assertEquals(3, lines.length);
        Files.write(input, List.of("Russian", "Klingon"));
        Cli.Result r = Cli.run("generate", "predict", "--checkpoint", model.toString(), "--input", input.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.err().strip().split("\\R").length, r::toString);
        assertTrue(r.err().contains("Klingon"), r::toString);
    }
}
