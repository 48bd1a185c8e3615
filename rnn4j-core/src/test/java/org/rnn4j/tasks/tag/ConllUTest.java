package org.rnn4j.tasks.tag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConllUTest {
    @TempDir
    Path tmp;

    private static List<ConllU.Sentence> parse(String text) throws IOException {
        return ConllU.read(new BufferedReader(new StringReader(text)), "test.conllu");
    }

    @Test
    void skipsCommentsMultiwordTokensAndEmptyNodes() throws IOException {
        String text = "# sent_id = 1\n# text = I don't.\n"
                + "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
                + "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                + "2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n"
                + "3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n"
                + "3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t2:conj\t_\n"
                + "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
                + "\n"
                + "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n";
        List<ConllU.Sentence> s = parse(text);
        assertEquals(2, s.size());
        assertEquals(List.of("I", "do", "n't", "."), s.get(0).words());
        assertEquals(List.of("PRON", "AUX", "PART", "PUNCT"), s.get(0).tags());
        assertEquals(List.of("Yes"), s.get(1).words());
    }

    @Test
    void malformedLinesNameTheLine() {
        IOException e = assertThrows(IOException.class, () -> parse("1\tI\tI\tPRON\n"));
        assertTrue(e.getMessage().contains("test.conllu:1"), e.getMessage());
        IOException id = assertThrows(IOException.class,
                () -> parse("# c\nx\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"));
        assertTrue(id.getMessage().contains("test.conllu:2"), id.getMessage());
    }

    /** The real files: the gzip-compressed training split and the plain dev split, 17 UPOS tags. */
    @Test
    void readsEnglishEwt() throws IOException {
        List<ConllU.Sentence> train = ConllU.read(SharedData.file("pos/en_ewt-ud-train.conllu.gz"));
        List<ConllU.Sentence> dev = ConllU.read(SharedData.file("pos/en_ewt-ud-dev.conllu"));
        assertTrue(train.size() > 12000, "train sentences " + train.size());
        assertTrue(dev.size() > 1900, "dev sentences " + dev.size());
        java.util.Set<String> tags = new java.util.TreeSet<>();
        train.forEach(s -> tags.addAll(s.tags()));
        assertEquals(17, tags.size(), tags::toString);
    }
}
