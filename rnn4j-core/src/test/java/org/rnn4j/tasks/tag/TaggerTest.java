package org.rnn4j.tasks.tag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.math.Rng;
import org.rnn4j.tasks.TaskModelFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaggerTest {
    @TempDir
    Path tmp;

    static final List<ConllU.Sentence> DATA = List.of(
            new ConllU.Sentence(List.of("The", "dog", "runs", "."), List.of("DET", "NOUN", "VERB", "PUNCT")),
            new ConllU.Sentence(List.of("A", "cat", "sleeps"), List.of("DET", "NOUN", "VERB")),
            new ConllU.Sentence(List.of("Dogs", "run"), List.of("NOUN", "VERB")),
            new ConllU.Sentence(List.of("The", "cats", "run", "fast", "."), List.of("DET", "NOUN", "VERB", "ADV", "PUNCT")));

    static TagTrainer.Config config(int epochs) {
        return new TagTrainer.Config(new Tagger.Architecture(8, 6, 5, 7, 2), epochs, 2, 0.01, 1.0, 5, 0f, 0, 1, 3);
    }

    /** A sentence's scores are the same alone and in a padded batch with longer and shorter ones. */
    @Test
    void paddedBatchGivesEachSentenceItsOwnScores() {
        Tagger tagger = TagTrainer.newTagger(DATA, config(1), null);
        int k = tagger.tags().size();
        List<List<String>> all = DATA.stream().map(ConllU.Sentence::words).toList();
        float[] batched = tagger.forward(tagger.batch(all, null, null)).clone();
        for (int j = 0; j < all.size(); j++) {
            float[] alone = tagger.forward(tagger.batch(List.of(all.get(j)), null, null));
            for (int t = 0; t < all.get(j).size(); t++) {
                float[] a = java.util.Arrays.copyOfRange(alone, t * k, (t + 1) * k);
                float[] b = java.util.Arrays.copyOfRange(batched, (t * all.size() + j) * k, (t * all.size() + j + 1) * k);
                assertArrayEquals(a, b, 1e-5f, "sentence " + j + " step " + t);
            }
        }
    }

    @Test
    void learnsATinySetAndRoundTripsThroughItsFile() throws IOException {
        Path out = tmp.resolve("tagger.safetensors");
        TagTrainer.Result r = TagTrainer.train(DATA, DATA, config(40), out, line -> { });
        assertEquals(1.0, r.bestDevAccuracy(), 1e-12, "a tagger learns four sentences by heart");
        Tagger loaded = TaggerFile.load(out);
        assertEquals(List.of("DET", "NOUN", "VERB", "PUNCT"), loaded.tag(List.of("The", "dog", "runs", ".")));
        assertEquals(loaded.words().tokens(), r.tagger().words().tokens());
        IOException e = assertThrows(IOException.class,
                () -> org.rnn4j.tasks.translate.TranslatorFile.load(out));
        assertTrue(e.getMessage().contains("tag model, not a translate model"), e.getMessage());
    }

    @Test
    void characterModelCanBeLeftOut() {
        Tagger t = new Tagger(new Tagger.Architecture(4, 0, 0, 3, 1),
                new org.rnn4j.text.WordVocabulary(List.of("<pad>", "<unk>", "a")),
                new org.rnn4j.text.WordVocabulary(List.of("<pad>", "<unk>")), List.of("X", "Y"), 0f, null);
        t.initialize(new Rng(1));
        assertEquals(2, t.tag(List.of("a", "b")).size());
        assertTrue(!t.parameters().contains("char_rnn.weight_ih_l0"));
        assertEquals(TaskModelFile.FORMAT_VERSION, 1);
    }
}
