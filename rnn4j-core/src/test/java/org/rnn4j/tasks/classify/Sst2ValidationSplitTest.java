package org.rnn4j.tasks.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.tasks.TextUnits;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SST-2 validation set is whole sentences, and no phrase of one of them is trained on. */
class Sst2ValidationSplitTest {
    private static final int SENTENCES = 8;

    /** Sentence s: 12 words of its own ("w<s>x<k>"), a final " ." and a label. */
    private static List<String> sentence(int s) {
        List<String> words = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            words.add("W" + s + "x" + k);   // upper case: the split compares lower-cased tokens
        }
        words.add(".");
        return words;
    }

    /**
     * A synthetic train.tsv as GLUE ships it: each sentence, several of its phrases (one of 10 tokens, which is
     * long enough to be a candidate but is no whole sentence), a copy of sentence 0 in lower case, short items,
     * and phrases shared by no sentence.
     */
    private static Path dataset(Path dir) throws IOException {
        StringBuilder tsv = new StringBuilder("sentence\tlabel\n");
        for (int s = 0; s < SENTENCES; s++) {
            List<String> w = sentence(s);
            int label = s % 2;
            tsv.append(String.join(" ", w)).append('\t').append(label).append('\n');
            tsv.append(String.join(" ", w.subList(0, 3))).append('\t').append(label).append('\n');
            tsv.append(String.join(" ", w.subList(2, 12))).append('\t').append(label).append('\n');
            tsv.append(w.get(5)).append('\t').append(label).append('\n');
            tsv.append(String.join("  ", w.subList(7, 13))).append('\t').append(label).append('\n');
        }
        tsv.append(String.join(" ", sentence(0)).toLowerCase()).append("\t0\n");
        tsv.append("a short one\t1\n");
        tsv.append("not part of anything here\t0\n");
        Files.writeString(dir.resolve("train.tsv"), tsv);
        Files.writeString(dir.resolve("dev.tsv"), "sentence\tlabel\nfine .\t1\n");
        return dir;
    }

    private static String joined(String text) {
        return String.join(" ", TextUnits.WORDS.tokens(text));
    }

    private static Set<String> runs(String text) {
        List<String> t = TextUnits.WORDS.tokens(text);
        Set<String> out = new HashSet<>();
        for (int from = 0; from < t.size(); from++) {
            for (int to = from + 1; to <= t.size(); to++) {
                out.add(String.join(" ", t.subList(from, to)));
            }
        }
        return out;
    }

    @Test
    void validationSentencesArePhraseFreeInTrainingAndTheSplitRepeats(@TempDir Path dir) throws IOException {
        dataset(dir);
        int total = SENTENCES * 5 + 3;
        for (long seed = 0; seed < 20; seed++) {
            TextSplits.Sst2Split a = TextSplits.sst2Split(dir, seed, 3);
            TextSplits.Sst2Split b = TextSplits.sst2Split(dir, seed, 3);
            assertEquals(a.splits().train().texts(), b.splits().train().texts(), "seed " + seed);
            assertEquals(a.splits().validation().texts(), b.splits().validation().texts(), "seed " + seed);
            assertEquals(SENTENCES, a.candidates(), "the whole sentences, the lower-case copy not counted twice");

            LabeledText val = a.splits().validation();
            LabeledText train = a.splits().train();
            assertEquals(3, val.size());
            Set<String> sentences = new HashSet<>();
            for (int s = 0; s < SENTENCES; s++) {
                sentences.add(joined(String.join(" ", sentence(s))));
            }
            Set<String> valRuns = new HashSet<>();
            for (String v : val.texts()) {
                assertTrue(sentences.contains(joined(v)), "a whole sentence, not a phrase: " + v);
                valRuns.addAll(runs(v));
            }
            for (String t : train.texts()) {
                assertFalse(valRuns.contains(joined(t)), "seed " + seed + ": trained on a phrase of a validation sentence: " + t);
            }
            // each held-out sentence takes its 4 phrases with it (sentence 0 also its lower-case copy)
            boolean zeroHeldOut = val.texts().stream().anyMatch(v -> joined(v).equals(joined(String.join(" ", sentence(0)))));
            assertEquals(3 * 4 + (zeroHeldOut ? 1 : 0), a.removedFromTraining(), "seed " + seed);
            assertEquals(total, train.size() + val.size() + a.removedFromTraining());
            assertTrue(train.texts().contains("a short one") && train.texts().contains("not part of anything here"));
            assertEquals(List.of("fine ."), a.splits().test().texts());
            assertEquals(train, TextSplits.sst2Sentences(dir, seed, 3).train());
        }
    }

    @Test
    void aValidationSetAsLargeAsTheSentencesIsRefused(@TempDir Path dir) throws IOException {
        dataset(dir);
        assertThrows(IllegalArgumentException.class, () -> TextSplits.sst2Split(dir, 1, SENTENCES));
        assertThrows(IllegalArgumentException.class, () -> TextSplits.sst2Split(dir, 1, 0));
    }

    /** On the real train.tsv with the documented settings: the counts the docs give, and no shared phrase. */
    @Test
    void realSst2SplitHoldsOutWholeSentences() throws IOException {
        Path dir = SharedData.dir().resolve("sentiment").resolve("sst2");
        TextSplits.Sst2Split s = TextSplits.sst2Split(dir, TextSplits.DEFAULT_SPLIT_SEED, 500);
        LabeledText val = s.splits().validation();
        LabeledText train = s.splits().train();
        System.out.printf("SST-2 split: %d whole sentences of %d+ tokens, %d held out, %d trained on, %d removed from training%n",
                s.candidates(), TextSplits.SST2_MIN_VALIDATION_TOKENS, val.size(), train.size(), s.removedFromTraining());
        assertEquals(500, val.size());
        assertEquals(5_844, s.candidates());
        assertEquals(60_901, train.size());
        assertEquals(67_349, train.size() + val.size() + s.removedFromTraining());
        Set<String> valRuns = new HashSet<>();
        for (String v : val.texts()) {
            assertTrue(TextUnits.WORDS.tokens(v).size() >= TextSplits.SST2_MIN_VALIDATION_TOKENS);
            valRuns.addAll(runs(v));
        }
        for (String t : train.texts()) {
            assertFalse(valRuns.contains(joined(t)), t);
        }
    }
}
