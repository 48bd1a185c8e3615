package org.rnn4j.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WordVocabularyTest {
    private final List<List<String>> train = List.of(
            List.of("the", "cat", "sat"), List.of("the", "dog", "sat"), List.of("a", "cat"));

    @Test
    void idsFollowCountThenCodePointOrderAfterTheSpecials() {
        WordVocabulary v = WordVocabulary.build(train, 1, 0, List.of("<s>", "</s>"));
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "cat", "sat", "the", "a", "dog"), v.tokens());
        assertEquals(WordVocabulary.UNK_ID, v.id("bird"));
        assertEquals(6, v.id("the"));
    }

    @Test
    void minCountAndMaxWordsLeaveRareWordsUnknown() {
        WordVocabulary v = WordVocabulary.build(train, 2, 0, List.of());
        assertEquals(List.of("<pad>", "<unk>", "cat", "sat", "the"), v.tokens());
        WordVocabulary top = WordVocabulary.build(train, 1, 1, List.of());
        assertEquals(List.of("<pad>", "<unk>", "cat"), top.tokens());
        assertEquals(new int[] {1, 2, 1}.length, top.ids(List.of("dog", "cat", "the")).length);
        assertEquals(List.of(1, 2, 1), java.util.Arrays.stream(top.ids(List.of("dog", "cat", "the"))).boxed().toList());
    }

    @Test
    void savedTokensRebuildTheSameVocabulary() {
        WordVocabulary v = WordVocabulary.build(train, 1, 0, List.of());
        assertEquals(v.tokens(), new WordVocabulary(v.tokens()).tokens());
        assertThrows(IllegalArgumentException.class, () -> new WordVocabulary(List.of("cat", "dog")));
        assertThrows(IllegalArgumentException.class, () -> new WordVocabulary(List.of("<pad>", "<unk>", "a", "a")));
    }
}
