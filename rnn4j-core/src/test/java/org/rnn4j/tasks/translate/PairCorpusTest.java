package org.rnn4j.tasks.translate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairCorpusTest {
    @TempDir
    Path tmp;

    @Test
    void filtersLikeTheTutorialAndTokenisesFrenchPunctuation() throws IOException {
        assertEquals("i m ok .", PairCorpus.tutorialForm("I'm OK."));
        assertTrue(PairCorpus.keep("I'm OK."));
        assertTrue(PairCorpus.keep("She's a teacher."));
        assertTrue(PairCorpus.keep("You're right!"));
        assertFalse(PairCorpus.keep("Ice is cold."), "'i' alone is not the prefix 'i am '");
        assertFalse(PairCorpus.keep("Hello!"));
        Path f = tmp.resolve("fra.txt");
        Files.writeString(f, "I'm sad.\tJe suis triste\u202F!\n"
                + "Are you sure?\tEn es-tu sûr ?\n"
                + "He's here?\tIl est là\u00A0?\n"
                + "We are one two three four five six seven eight.\tNous sommes un deux trois quatre cinq six sept huit.\n",
                StandardCharsets.UTF_8);
        List<PairCorpus.Pair> pairs = PairCorpus.read(f, 10);
        assertEquals(2, pairs.size());
        assertEquals(List.of("je", "suis", "triste", "!"), pairs.get(0).source());
        assertEquals(List.of("i'm", "sad", "."), pairs.get(0).target());
        assertEquals(List.of("il", "est", "là", "?"), pairs.get(1).source());
    }

    @Test
    void splitIsSeededAndDisjoint() throws IOException {
        List<PairCorpus.Pair> pairs = PairCorpus.read(SharedData.file("translation/fra.txt"), 10);
        assertTrue(pairs.size() > 9000, "pairs " + pairs.size());
        PairCorpus.Split a = PairCorpus.split(pairs, 0.1, 1);
        PairCorpus.Split b = PairCorpus.split(pairs, 0.1, 1);
        assertEquals(a.heldOut(), b.heldOut());
        assertEquals(Math.round(pairs.size() * 0.1), a.heldOut().size());
        assertEquals(pairs.size(), a.train().size() + a.heldOut().size());
        for (PairCorpus.Pair p : pairs) {
            for (String w : p.source()) {
                assertFalse(w.contains("\u202F") || w.contains("\u00A0"), w);
            }
        }
    }
}
