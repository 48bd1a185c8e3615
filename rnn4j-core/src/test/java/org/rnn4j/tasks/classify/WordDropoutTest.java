package org.rnn4j.tasks.classify;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.text.WordVocabulary;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Word dropout replaces about a share p of the real tokens by the unknown token and never touches padding. */
class WordDropoutTest {
    @Test
    void replacesTokensNotPadding() {
        List<int[]> seqs = new ArrayList<>();
        int tokens = 0;
        for (int b = 0; b < 200; b++) {
            int[] s = new int[1 + b % 30];
            java.util.Arrays.fill(s, 7);
            seqs.add(s);
            tokens += s.length;
        }
        SequenceBatch batch = SequenceBatch.ofIds(seqs, new int[200]);
        ClassifierTrainer.dropWords(batch, 0.25, new Rng(5));
        int unknown = 0;
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < batch.batch(); b++) {
                int id = batch.ids()[t * batch.batch() + b];
                if (t >= batch.lengths()[b]) {
                    assertEquals(SequenceBatch.PAD_ID, id);
                } else if (id == WordVocabulary.UNK_ID) {
                    unknown++;
                } else {
                    assertEquals(7, id);
                }
            }
        }
        assertTrue(Math.abs(unknown / (double) tokens - 0.25) < 0.03, unknown + " of " + tokens);
        assertEquals(7, seqs.get(5)[0], "the stored sequences are not changed");
    }
}
