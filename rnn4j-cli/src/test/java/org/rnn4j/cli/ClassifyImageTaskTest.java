package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Mnist;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j classify-image}: a one-step RNN trained for seconds on 3,000 MNIST images must beat chance (10%)
 * and the majority digit (about 11%) by far on 1,000 test images; eval repeats the train command's number; predict
 * labels CSV lines; bad input is one line and exit 2.
 */
class ClassifyImageTaskTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode trained;

    @BeforeAll
    static void train() throws IOException {
        model = tmp.resolve("mnist.safetensors");
        Cli.Result r = Cli.ok("classify-image", "train", "--data-dir", SharedData.dir().toString(), "--output",
                model.toString(), "--train-limit", "3000", "--val-size", "500", "--test-limit", "1000",
                "--hidden-size", "64", "--epochs", "2", "--threads", "1", "--json");
        trained = JSON.readTree(r.lastLine());
    }

    @Test
    void beatsChanceClearly() {
        assertEquals("classify-image", trained.get("task").asText());
        assertEquals(1000, trained.get("examples").asInt());
        double accuracy = trained.get("accuracy").asDouble();
        double majority = trained.get("majority_share").asDouble();
        assertTrue(accuracy >= 5 * majority, "accuracy " + accuracy + " vs majority " + majority);
        assertTrue(trained.get("macro_f1").asDouble() > 0.5, trained.toString());
    }

    @Test
    void evalReportsTheSameAccuracy() throws IOException {
        Cli.Result r = Cli.ok("classify-image", "eval", "--checkpoint", model.toString(), "--data-dir",
                SharedData.dir().toString(), "--limit", "1000", "--json");
        JsonNode node = JSON.readTree(r.lastLine());
        assertEquals(trained.get("accuracy").asDouble(), node.get("accuracy").asDouble(), 1e-12);
    }

    @Test
    void predictLabelsOneImagePerLine() throws IOException {
        Mnist test = Mnist.load(SharedData.dir().resolve("mnist"), false).head(40);
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < test.count(); n++) {
            StringBuilder s = new StringBuilder(Integer.toString(test.labels()[n]));   // the CSV layout: label first
            for (int i = 0; i < test.imageSize(); i++) {
                s.append(',').append(Math.round(test.pixels()[n * test.imageSize() + i] * 255));
            }
            lines.add(s.toString());
        }
        Path input = tmp.resolve("images.csv");
        Files.write(input, lines);
        Cli.Result r = Cli.ok("classify-image", "predict", "--checkpoint", model.toString(), "--input", input.toString());
        String[] out = r.out().strip().split("\\R");
        assertEquals(40, out.length);
        int correct = 0;
        for (int n = 0; n < out.length; n++) {
            String[] f = out[n].split("\t");
            assertEquals(2, f.length, out[n]);
            double p = Double.parseDouble(f[1]);
            assertTrue(p > 0 && p <= 1, out[n]);
            if (f[0].equals(Integer.toString(test.labels()[n]))) {
                correct++;
            }
        }
        assertTrue(correct >= 20, correct + " of 40 right");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "1,2,3\n");
        for (String[] args : List.of(
                new String[] {"classify-image", "predict", "--checkpoint", model.toString(), "--input", bad.toString()},
                new String[] {"classify-image", "train", "--data-dir", tmp.resolve("nowhere").toString(), "--output",
                        tmp.resolve("x.safetensors").toString()},
                new String[] {"classify-image", "eval", "--checkpoint", tmp.resolve("missing.safetensors").toString()},
                new String[] {"classify", "predict", "--checkpoint", model.toString(), "--input", bad.toString()})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals(1, r.err().strip().split("\\R").length, r::toString);
            assertTrue(r.err().startsWith("rnn4j: "), r::toString);
        }
    }
}
