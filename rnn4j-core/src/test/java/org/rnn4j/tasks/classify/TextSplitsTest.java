package org.rnn4j.tasks.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextSplitsTest {
    @Test
    void duplicatePairsAreRemovedButANameMayServeTwoLanguages(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("English.txt"), "Smith\nSmith\nBrown\n\n");
        Files.writeString(dir.resolve("Scottish.txt"), "Brown\nMacLeod\n");
        LabeledText names = LabeledText.names(dir);
        assertEquals(List.of("English", "Scottish"), names.classes());
        assertEquals(List.of("Smith", "Brown", "Brown", "MacLeod"), names.texts());
        assertEquals(List.of(0, 0, 1, 1), names.labels());
    }

    /** On the real data: no (name, language) pair of the test split is in the training split, and the split repeats. */
    @Test
    void namesSplitIsDisjointAndDeterministic() throws IOException {
        Path dir = SharedData.dir().resolve("names");
        TextSplits a = TextSplits.names(dir, TextSplits.DEFAULT_SPLIT_SEED);
        TextSplits b = TextSplits.names(dir, TextSplits.DEFAULT_SPLIT_SEED);
        assertEquals(a.test().texts(), b.test().texts());
        assertEquals(18, a.train().classes().size());
        Set<String> train = new HashSet<>();
        for (int i = 0; i < a.train().size(); i++) {
            train.add(a.train().texts().get(i) + "\t" + a.train().labels().get(i));
        }
        for (int i = 0; i < a.test().size(); i++) {
            assertFalse(train.contains(a.test().texts().get(i) + "\t" + a.test().labels().get(i)));
        }
        int n = a.train().size() + a.validation().size() + a.test().size();
        assertTrue(Math.abs(a.test().size() - n / 10) <= 1, "test split of " + a.test().size() + " of " + n);
    }
}
