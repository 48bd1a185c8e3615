package org.rnn4j.cli;

import org.rnn4j.charlm.TextCorpus;
import org.rnn4j.charlm.Vocabulary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where training text comes from: a file the user names, or the corpus bundled in the application. */
final class Corpora {
    /** The bundled corpus: Genesis to Deuteronomy, King James Version (public domain; see NOTICE). */
    static final String BUNDLED = "kjv-pentateuch.txt";

    private Corpora() {
    }

    /**
     * Reads the text of {@code file}, or the bundled corpus when it is null, with the given vocabulary (or one
     * built from the text when that is null).
     */
    static TextCorpus load(Path file, Vocabulary vocabulary) throws IOException {
        Path path = file != null ? file : bundled();
        return vocabulary == null ? TextCorpus.read(path) : TextCorpus.read(path, vocabulary);
    }

    /** The bundled corpus, copied once into a temporary file (TextCorpus streams from files). */
    static Path bundled() throws IOException {
        Path tmp = Files.createTempFile("rnn4j-corpus", ".txt");
        tmp.toFile().deleteOnExit();
        try (InputStream in = Corpora.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled corpus is missing from the application");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
