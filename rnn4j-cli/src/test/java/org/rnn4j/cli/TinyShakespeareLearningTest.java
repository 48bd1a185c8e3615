package org.rnn4j.cli;

import org.rnn4j.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.charlm.Checkpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on a small budget: a few hundred updates of a small LSTM on Tiny Shakespeare bring the validation
 * loss well below the unigram entropy of the text (what a model that ignores context can reach at best).
 */
class TinyShakespeareLearningTest {
    private static final int STEPS = 300;
    /** How far below the unigram entropy the validation loss must end, in nats per character. */
    private static final double MARGIN = 0.7;

    @TempDir
    Path tmp;

    @Test
    void validationLossFallsWellBelowTheUnigramEntropy() throws Exception {
        Path data = SharedData.tinyShakespeare();
        String text = Files.readString(data, StandardCharsets.UTF_8);
        double entropy = unigramEntropyNats(text);
        assertTrue(entropy > 3.0 && entropy < 3.6, "unigram entropy of Tiny Shakespeare: " + entropy);

        Path run = tmp.resolve("run");
        Cli.ok("train", "--data", data.toString(), "--checkpoint-dir", run.toString(),
                "--layers", "1", "--hidden-size", "64", "--embedding-size", "32",
                "--batch-size", "16", "--seq-length", "32", "--learning-rate", "5e-3",
                "--steps", String.valueOf(STEPS), "--eval-every", "100", "--val-frac", "0.02",
                "--sample-every", "0", "--seed", "1");

        List<double[]> validation = Checkpoint.read(run).progress().validation;
        assertEquals(STEPS / 100, validation.size(), "one validation every 100 updates");
        double first = validation.get(0)[1];
        double last = validation.get(validation.size() - 1)[1];
        assertEquals(STEPS, validation.get(validation.size() - 1)[0]);
        assertTrue(last < first, "validation loss should fall: " + first + " -> " + last);
        assertTrue(last < entropy - MARGIN, "validation loss " + last + " nats/char should be at least " + MARGIN
                + " below the unigram entropy " + entropy);

        // the same judgement through `rnn4j eval` on the held-out tail (2% of the text) as a file of its own
        int[] cps = text.codePoints().toArray();
        int from = cps.length - (int) Math.floor(cps.length * 0.02);
        Path tail = tmp.resolve("validation.txt");
        Files.writeString(tail, new String(cps, from, cps.length - from), StandardCharsets.UTF_8);
        Cli.Result eval = Cli.ok("eval", "--checkpoint", run.toString(), "--data", tail.toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(eval.lastLine());
        double evalLoss = json.get("loss_nats").asDouble();
        assertTrue(evalLoss < entropy - MARGIN, "eval loss " + evalLoss + " on the validation tail vs entropy "
                + entropy);
        System.out.printf("unigram entropy %.4f, validation %.4f -> %.4f, eval of the tail %.4f nats/char%n",
                entropy, first, last, evalLoss);
        // one stream from a zero state vs 16 streams: close, not equal
        assertEquals(last, evalLoss, 0.15, "eval of the tail should agree with the trainer's validation loss");
    }

    /** -Σ p(c) ln p(c) over the text's code points. */
    static double unigramEntropyNats(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        text.codePoints().forEach(cp -> counts.merge(cp, 1, Integer::sum));
        double n = text.codePointCount(0, text.length());
        double h = 0;
        for (int c : counts.values()) {
            double p = c / n;
            h -= p * Math.log(p);
        }
        return h;
    }
}
