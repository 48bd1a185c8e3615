package org.rnn4j.tasks.translate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Corpus BLEU against counts made by hand. */
class BleuTest {
    private static List<String> w(String s) {
        return Arrays.asList(s.split(" "));
    }

    /** Papineni et al.'s example of clipping: "the" ×7 against a reference holding it twice gives p_1 = 2/7. */
    @Test
    void clipsCountsToTheReference() {
        Bleu b = new Bleu();
        b.add(w("the the the the the the the"), w("the cat is on the mat"));
        assertEquals(2.0 / 7, b.precision(1), 1e-15);
        assertEquals(0.0, b.precision(2), 0);
        assertEquals(0.0, b.bleu(), 0, "no smoothing: a zero precision gives 0");
    }

    /**
     * Two sentences, counted by hand:
     * "the cat sat on the mat" / "the cat is on the mat": 1-grams 5/6 (sat), 2-grams 3/5 (the cat, on the, the
     * mat), 3-grams 1/4 (on the mat), 4-grams 0/3;
     * "he is here today" / "he is here today now": 4/4, 3/3, 2/2, 1/1.
     * Corpus: p = 9/10, 6/8, 3/6, 1/4; c = 10, r = 11, BP = e^(1 − 11/10);
     * BLEU = e^(−0.1) · (0.9 · 0.75 · 0.5 · 0.25)^(1/4) = 0.487668….
     */
    @Test
    void corpusBleuOfTwoSentences() {
        Bleu b = new Bleu();
        b.add(w("the cat sat on the mat"), w("the cat is on the mat"));
        b.add(w("he is here today"), w("he is here today now"));
        assertEquals(9.0 / 10, b.precision(1), 1e-15);
        assertEquals(6.0 / 8, b.precision(2), 1e-15);
        assertEquals(3.0 / 6, b.precision(3), 1e-15);
        assertEquals(1.0 / 4, b.precision(4), 1e-15);
        assertEquals(Math.exp(-0.1), b.brevityPenalty(), 1e-15);
        assertEquals(0.487668, b.bleu(), 1e-6);
        assertEquals(48.7668, b.score(), 1e-4);
    }

    @Test
    void perfectTranslationsScoreOneHundredAndLongerOnesHaveNoPenalty() {
        Bleu b = new Bleu();
        b.add(w("we are very happy today ."), w("we are very happy today ."));
        assertEquals(100.0, b.score(), 1e-12);
        Bleu longer = new Bleu();
        longer.add(w("we are very happy today . ."), w("we are very happy today ."));
        assertEquals(1.0, longer.brevityPenalty(), 0);
        assertEquals(Math.pow(6.0 / 7 * 5.0 / 6 * 4.0 / 5 * 3.0 / 4, 0.25), longer.bleu(), 1e-12);
    }

    @Test
    void emptyHypothesesScoreZero() {
        Bleu b = new Bleu();
        b.add(List.of(), w("i am here"));
        assertEquals(0.0, b.bleu(), 0);
    }
}
