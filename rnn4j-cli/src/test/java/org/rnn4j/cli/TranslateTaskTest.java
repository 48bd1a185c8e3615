package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.tasks.translate.PairCorpus;
import org.rnn4j.testing.SharedData;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j translate}: trained for seconds on a slice of the filtered pairs, the translator's loss falls well
 * below the unigram entropy of the English words (what a model that ignores the French could reach), and its
 * translations of training pairs score clearly above zero BLEU; eval and predict read its model file.
 */
class TranslateTaskTest {
    static final int LIMIT = 600;
    @TempDir
    static Path tmp;
    static Path model;
    static JsonNode trained;

    @BeforeAll
    static void train() throws Exception {
        model = tmp.resolve("translator.safetensors");
        Cli.Result r = Cli.ok("translate", "train", "--data-dir", SharedData.dir().toString(), "--output",
                model.toString(), "--limit", String.valueOf(LIMIT), "--epochs", "30", "--hidden-size", "64",
                "--embedding-size", "64", "--beam", "3", "--threads", "1", "--json");
        trained = new ObjectMapper().readTree(r.lastLine());
    }

    /** The entropy (nats) of the unigram distribution of target tokens, </s> included, over the training pairs. */
    static double unigramEntropy(List<PairCorpus.Pair> pairs) {
        Map<String, Integer> counts = new HashMap<>();
        long total = 0;
        for (PairCorpus.Pair p : pairs) {
            for (String w : p.target()) {
                counts.merge(w, 1, Integer::sum);
            }
            counts.merge("</s>", 1, Integer::sum);
            total += p.target().size() + 1;
        }
        double h = 0;
        for (int c : counts.values()) {
            double q = (double) c / total;
            h -= q * Math.log(q);
        }
        return h;
    }

    @Test
    void lossFallsWellBelowTheUnigramEntropy() throws Exception {
        List<PairCorpus.Pair> pairs = PairCorpus.read(SharedData.file("translation/fra.txt"), 10).subList(0, LIMIT);
        PairCorpus.Split split = PairCorpus.split(pairs, 0.1, 1);
        double entropy = unigramEntropy(split.train());
        assertEquals(split.train().size(), trained.get("train_pairs").asInt());
        double loss = trained.get("train_loss").asDouble();
        assertTrue(loss < 0.6 * entropy, "training loss " + loss + " vs unigram entropy " + entropy);
        assertTrue(trained.get("held_out_loss").asDouble() < entropy, trained::toString);
    }

    @Test
    void translatesTrainingPairsWithBleuClearlyAboveZero() throws Exception {
        Cli.Result r = Cli.ok("translate", "eval", "--checkpoint", model.toString(), "--data-dir",
                SharedData.dir().toString(), "--limit", String.valueOf(LIMIT), "--training-pairs", "--beam", "3",
                "--threads", "1", "--json");
        JsonNode json = new ObjectMapper().readTree(r.lastLine());
        assertTrue(json.get("bleu").asDouble() > 10, json::toString);
        Cli.Result held = Cli.ok("translate", "eval", "--checkpoint", model.toString(), "--data-dir",
                SharedData.dir().toString(), "--limit", String.valueOf(LIMIT), "--threads", "1", "--json");
        assertEquals(trained.get("greedy_bleu").asDouble(), new ObjectMapper().readTree(held.lastLine())
                .get("bleu").asDouble(), 1e-9, "eval's greedy BLEU is train's");
    }

    @Test
    void predictWritesOneLinePerInputLine() throws Exception {
        Path in = tmp.resolve("in.txt");
        Files.writeString(in, "je suis fatigué\u202F!\n\nil est là.\n", StandardCharsets.UTF_8);
        for (String beam : new String[] {"1", "4"}) {
            Cli.Result r = Cli.ok("translate", "predict", "--checkpoint", model.toString(), "--input", in.toString(),
                    "--beam", beam);
            String[] lines = r.out().split("\n", -1);
            assertEquals(4, lines.length, r::toString);
            assertFalse(lines[0].isBlank(), r::toString);
            assertEquals("", lines[1]);
            assertFalse(lines[2].isBlank(), r::toString);
        }
    }

    @Test
    void aTaggerIsNotATranslator() throws Exception {
        Path tagger = tmp.resolve("tagger.safetensors");
        Cli.ok("tag", "train", "--data-dir", SharedData.dir().toString(), "--output", tagger.toString(),
                "--train-limit", "20", "--dev-limit", "5", "--epochs", "1", "--hidden-size", "4",
                "--char-hidden-size", "2", "--embedding-size", "4", "--threads", "1");
        Cli.Result r = Cli.run("translate", "predict", "--checkpoint", tagger.toString(), "--input", tagger.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("is a tag model, not a translate model"), r::toString);
        assertEquals(1, r.err().strip().split("\\R").length, r::toString);
    }
}
