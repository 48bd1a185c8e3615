package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j classify} on both datasets, trained for seconds on a slice: the names classifier (18 languages,
 * majority class about 52% after duplicates are removed) must beat the majority class by 10 points and reach a
 * macro-F1 four times that of always guessing it; the SST-2 one must beat the majority of dev (51%) by 9 points.
 * eval repeats train's number; predict works in a pipeline; bad input is one line and exit 2.
 */
class ClassifyTaskTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Path names;
    static JsonNode namesTrained;

    @BeforeAll
    static void trainNames() throws IOException {
        names = tmp.resolve("names.safetensors");
        Cli.Result r = Cli.ok("classify", "train", "--dataset", "names", "--data-dir", SharedData.dir().toString(),
                "--output", names.toString(), "--train-limit", "4000", "--epochs", "2", "--hidden-size", "64",
                "--threads", "1", "--json");
        namesTrained = JSON.readTree(r.lastLine());
    }

    @Test
    void namesBeatTheMajorityClassClearly() {
        double accuracy = namesTrained.get("accuracy").asDouble();
        double majority = namesTrained.get("majority_share").asDouble();
        assertTrue(accuracy >= majority + 0.10, namesTrained.toString());
        // always guessing the majority class: F1 2m/(1+m) for it, 0 for the other 17 classes
        double majorityMacroF1 = 2 * majority / (1 + majority) / 18;
        assertTrue(namesTrained.get("macro_f1").asDouble() >= 4 * majorityMacroF1, namesTrained.toString());
    }

    @Test
    void evalRepeatsTheTestAccuracy() throws IOException {
        JsonNode node = JSON.readTree(Cli.ok("classify", "eval", "--checkpoint", names.toString(), "--data-dir",
                SharedData.dir().toString(), "--json").lastLine());
        assertEquals(namesTrained.get("accuracy").asDouble(), node.get("accuracy").asDouble(), 1e-12);
        assertEquals(namesTrained.get("macro_f1").asDouble(), node.get("macro_f1").asDouble(), 1e-12);
    }

    /** {@code printf 'Dostoevsky\nNakamura\n' | rnn4j classify predict --checkpoint M}: one line per input line. */
    @Test
    void predictWorksInAPipeline() throws Exception {
        Process p = ChildJvm.rnn4j("classify", "predict", "--checkpoint", names.toString()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("Dostoevsky\nRakhmaninov\n\nGorbachev\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        String[] lines = out.strip().split("\\R");
        assertEquals(4, lines.length, out);
        for (String line : lines) {
            assertTrue(line.matches("[A-Za-z]+\t(0|1)\\.\\d{4}"), line);
        }
        assertTrue(lines[0].startsWith("Russian\t"), out);
    }

    @Test
    void sst2BeatsTheMajorityClassClearly() throws IOException {
        Path model = tmp.resolve("sst2.safetensors");
        Cli.Result r = Cli.ok("classify", "train", "--dataset", "sst2", "--data-dir", SharedData.dir().toString(),
                "--output", model.toString(), "--train-limit", "8000", "--val-size", "500", "--epochs", "4",
                "--hidden-size", "32", "--embedding-size", "32", "--learning-rate", "5e-3", "--threads", "1", "--json");
        JsonNode node = JSON.readTree(r.lastLine());
        assertEquals(872, node.get("examples").asInt());
        assertEquals(0.999, node.get("average_decay").asDouble(), 0);
        assertTrue(node.get("accuracy").asDouble() >= node.get("majority_share").asDouble() + 0.09, node.toString());
        Path input = tmp.resolve("sentences.txt");
        Files.writeString(input, "a charming and affecting journey .\nbleak and desperate\n");
        String[] lines = Cli.ok("classify", "predict", "--checkpoint", model.toString(), "--input", input.toString())
                .out().strip().split("\\R");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("positive\t") || lines[0].startsWith("negative\t"), lines[0]);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path notSst = tmp.resolve("data/sentiment/sst2");
        Files.createDirectories(notSst);
        Files.writeString(notSst.resolve("train.tsv"), "text\tlabel\nfine\t1\n");
        Files.writeString(notSst.resolve("dev.tsv"), "sentence\tlabel\nfine\t1\n");
        for (String[] args : List.of(
                new String[] {"classify", "train", "--dataset", "tweets", "--output", tmp.resolve("x").toString()},
                new String[] {"classify", "train", "--dataset", "names", "--data-dir", tmp.resolve("nowhere").toString(),
                        "--output", tmp.resolve("x").toString()},
                new String[] {"classify", "train", "--dataset", "sst2", "--data-dir", tmp.resolve("data").toString(),
                        "--output", tmp.resolve("x").toString()},
                new String[] {"classify", "train", "--dataset", "names", "--data-dir", SharedData.dir().toString(),
                        "--output", tmp.resolve("x").toString(), "--average-decay", "1"},
                new String[] {"generate", "predict", "--checkpoint", names.toString()},
                new String[] {"sample", "--checkpoint", names.toString()},
                new String[] {"classify-image", "eval", "--checkpoint", names.toString()})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals(1, r.err().strip().split("\\R").length, r::toString);
            assertTrue(r.err().startsWith("rnn4j: "), r::toString);
        }
    }
}
