package org.rnn4j.tasks.generate;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.SequenceBatch;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator's padded batches: the loss of a batch of names of different lengths is the mean over every
 * predicted character of the names' losses computed one at a time, so padding adds nothing; and a name drawn
 * uses only characters and stops at the end token.
 */
class NameGeneratorPaddingTest {
    @Test
    void paddedBatchLossIsTheCharacterWeightedMeanOfSingleNames() {
        List<String> languages = List.of("A", "B");
        List<String> names = List.of("Abcde", "Xy", "Q", "Cabbage");
        NameGenerator model = new NameGenerator(new NameGenerator.Architecture(CellType.LSTM, 2, 7, 5),
                NameGenerator.buildVocabulary(names, languages), languages, 0f, null);
        model.initialize(new Rng(9));
        List<int[]> seqs = new ArrayList<>();
        int[] langs = new int[names.size()];
        double sum = 0;
        int chars = 0;
        for (int i = 0; i < names.size(); i++) {
            int[] s = model.encode(names.get(i), i % 2);
            seqs.add(s);
            langs[i] = i % 2;
            sum += model.loss(SequenceBatch.ofIds(List.of(s), new int[] {i % 2})) * s.length;
            chars += s.length;
        }
        double batched = model.loss(SequenceBatch.ofIds(seqs, langs));
        assertEquals(sum / chars, batched, 1e-5);

        String drawn = model.generate(1, 1.0, new Rng(4));
        assertTrue(drawn.length() <= NameGenerator.MAX_LENGTH);
        assertTrue(drawn.chars().allMatch(c -> "AbcdeXyQCabg".indexOf(c) >= 0), drawn);
    }
}
