package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j tag}: trained for seconds on a slice of UD English-EWT, the tagger beats the majority tag (NOUN,
 * about 15% of the words) by far; eval and predict read its model file; bad input is one line and exit 2.
 */
class TagTaskTest {
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode trained;

    @BeforeAll
    static void train() throws Exception {
        model = tmp.resolve("tagger.safetensors");
        Cli.Result r = Cli.ok("tag", "train", "--data-dir", SharedData.dir().toString(), "--output", model.toString(),
                "--train-limit", "1500", "--dev-limit", "300", "--epochs", "2", "--hidden-size", "48",
                "--char-hidden-size", "16", "--embedding-size", "48", "--threads", "1", "--json");
        trained = new ObjectMapper().readTree(r.lastLine());
    }

    @Test
    void trainingBeatsTheMajorityTagByFar() {
        assertEquals("tag", trained.get("task").asText());
        assertEquals("NOUN", trained.get("test_majority_tag").asText());
        double majority = trained.get("test_majority_accuracy").asDouble();
        double accuracy = trained.get("test_accuracy").asDouble();
        assertTrue(majority < 0.2, "majority " + majority);
        assertTrue(accuracy > majority + 0.45, "test accuracy " + accuracy + " vs majority " + majority);
        assertTrue(trained.get("dev_oov_accuracy").asDouble() > 0.3, trained::toString);
        assertEquals(1500, trained.get("train_sentences").asInt());
    }

    @Test
    void evalReportsTheSameAccuracyAsTraining() throws Exception {
        Path dev = tmp.resolve("dev-slice.conllu");
        // the first 300 dev sentences, as training used them
        String all = Files.readString(SharedData.file("pos/en_ewt-ud-dev.conllu"), StandardCharsets.UTF_8);
        String[] sentences = all.split("\n\n");
        Files.writeString(dev, String.join("\n\n", java.util.Arrays.copyOf(sentences, 300)) + "\n\n");
        Cli.Result r = Cli.ok("tag", "eval", "--checkpoint", model.toString(), "--data", dev.toString(), "--threads", "1",
                "--json");
        JsonNode json = new ObjectMapper().readTree(r.lastLine());
        assertEquals(trained.get("dev_accuracy").asDouble(), json.get("accuracy").asDouble(), 1e-12);
        assertEquals(trained.get("dev_words").asLong(), json.get("words").asLong());
    }

    @Test
    void predictTagsEachLine() throws Exception {
        Path in = tmp.resolve("in.txt");
        Files.writeString(in, "The dog is sleeping.\n\nI like green apples\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.ok("tag", "predict", "--checkpoint", model.toString(), "--input", in.toString());
        String[] lines = r.out().split("\n", -1);
        assertEquals(4, lines.length, r::toString);   // three lines and the final newline
        assertTrue(lines[0].matches("The/\\S+ dog/\\S+ is/\\S+ sleeping/\\S+ \\./PUNCT"), lines[0]);
        assertEquals("", lines[1]);
        assertTrue(lines[2].startsWith("I/"), lines[2]);
        Cli.Result tags = Cli.ok("tag", "predict", "--checkpoint", model.toString(), "--input", in.toString(), "--tags-only");
        assertEquals(lines[0].replaceAll("\\S+/", ""), tags.out().split("\n")[0]);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path bad = tmp.resolve("bad.conllu");
        Files.writeString(bad, "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\nthis line is not CoNLL-U\n");
        Path wrongTask = tmp.resolve("translator.safetensors");
        Cli.ok("translate", "train", "--data-dir", SharedData.dir().toString(), "--output", wrongTask.toString(),
                "--limit", "40", "--epochs", "1", "--hidden-size", "4", "--embedding-size", "4", "--beam", "1",
                "--threads", "1");
        String[][] cases = {
            {"tag", "eval", "--checkpoint", model.toString(), "--data", bad.toString()},
            {"tag", "eval", "--checkpoint", wrongTask.toString(), "--split", "dev", "--data-dir", SharedData.dir().toString()},
            {"tag", "predict", "--checkpoint", wrongTask.toString(), "--input", bad.toString()},
            {"tag", "train", "--data-dir", tmp.resolve("nowhere").toString(), "--output", tmp.resolve("x").toString()},
            {"tag", "eval", "--checkpoint", tmp.resolve("missing.safetensors").toString()},
        };
        for (String[] args : cases) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals(1, r.err().strip().split("\\R").length, r::toString);
            assertTrue(r.err().startsWith("rnn4j: "), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
        }
        assertTrue(Cli.run(cases[0]).err().contains("bad.conllu:2"));
        assertTrue(Cli.run(cases[1]).err().contains("is a translate model, not a tag model"));
    }
}
