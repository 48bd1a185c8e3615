package org.rnn4j.tasks.tag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the sentences of a CoNLL-U file (Universal Dependencies), plain or gzip-compressed (a name ending in
 * ".gz"): per sentence the word forms (column 2) and their universal part-of-speech tags (column 4, UPOS).
 * Comment lines ("# …") are skipped, and so are multiword-token lines (ID a range "1-2") and empty nodes
 * (ID a decimal "1.1"); a blank line ends a sentence. A line that is none of these, or a word line with fewer
 * than ten tab-separated fields, an ID that is not a number, an empty form or tag, or a tag that is not one of
 * the 17 {@link #UPOS} tags, is an {@link IOException} naming the file and line.
 */
public final class ConllU {
    /** The 17 universal part-of-speech tags of Universal Dependencies (v2); any other UPOS is refused. */
    public static final Set<String> UPOS = Set.of("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
            "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X");

    /** One sentence: the word forms and their tags, of the same length. */
    public record Sentence(List<String> words, List<String> tags) {
        public Sentence {
            if (words.size() != tags.size()) {
                throw new IllegalArgumentException("words and tags differ in number");
            }
            words = List.copyOf(words);
            tags = List.copyOf(tags);
        }

        public int size() {
            return words.size();
        }
    }

    private ConllU() {
    }

    public static List<Sentence> read(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        // bytes that are not UTF-8 are an error, not replaced by U+FFFD words the tagger never saw
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            return read(reader, path.toString());
        } catch (CharacterCodingException e) {
            throw new IOException(path + " is not valid UTF-8", e);
        }
    }

    static List<Sentence> read(BufferedReader reader, String name) throws IOException {
        List<Sentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                if (!words.isEmpty()) {
                    sentences.add(new Sentence(words, tags));
                    words = new ArrayList<>();
                    tags = new ArrayList<>();
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 10) {
                throw new IOException(name + ":" + lineNo + ": not a CoNLL-U line (" + f.length
                        + " tab-separated fields, 10 expected)");
            }
            String id = f[0];
            if (id.matches("\\d+-\\d+") || id.matches("\\d+\\.\\d+")) {
                continue;   // multiword token or empty node: the words themselves are on their own lines
            }
            if (!id.matches("\\d+")) {
                throw new IOException(name + ":" + lineNo + ": CoNLL-U word ID '" + id + "' is not a number");
            }
            if (f[1].isEmpty() || f[3].isEmpty()) {
                throw new IOException(name + ":" + lineNo + ": empty word form or UPOS tag");
            }
            if (!UPOS.contains(f[3])) {
                throw new IOException(name + ":" + lineNo + ": unknown UPOS tag '" + f[3] + "'");
            }
            words.add(f[1]);
            tags.add(f[3]);
        }
        if (!words.isEmpty()) {
            sentences.add(new Sentence(words, tags));
        }
        return sentences;
    }
}
