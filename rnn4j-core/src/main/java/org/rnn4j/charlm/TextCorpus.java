package org.rnn4j.charlm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * A text held as vocabulary ids in the smallest array that fits them (one byte per character for up to 256
 * distinct characters), so a 1 GB text needs about 1 GB of heap. Read from UTF-8 in two streaming passes: one
 * to find the characters, one to encode.
 */
public final class TextCorpus {
    private final Vocabulary vocabulary;
    private final byte[] bytes;
    private final char[] chars;
    private final int[] ints;
    private final int length;

    private TextCorpus(Vocabulary vocabulary, int length) {
        this.vocabulary = vocabulary;
        this.length = length;
        int v = vocabulary.size();
        this.bytes = v <= 256 ? new byte[length] : null;
        this.chars = v > 256 && v <= 65536 ? new char[length] : null;
        this.ints = v > 65536 ? new int[length] : null;
    }

    /** Reads a UTF-8 file and builds the vocabulary from its characters. */
    public static TextCorpus read(Path file) throws IOException {
        checkReadable(file);
        BitSet seen = new BitSet(Character.MAX_CODE_POINT + 1);
        long n = Utf8Reader.forEachCodePoint(file, seen::set);
        int[] cps = seen.stream().toArray();
        return encode(file, new Vocabulary(nonEmpty(file, n, cps)), n);
    }

    /** Reads a UTF-8 file with a given vocabulary; characters outside it are an error that names them. */
    public static TextCorpus read(Path file, Vocabulary vocabulary) throws IOException {
        checkReadable(file);
        BitSet unknown = new BitSet();
        long n = Utf8Reader.forEachCodePoint(file, cp -> {
            if (!vocabulary.contains(cp)) {
                unknown.set(cp);
            }
        });
        nonEmpty(file, n, null);
        if (!unknown.isEmpty()) {
            throw new TextFormatException(file + " has characters the model has never seen: "
                    + Vocabulary.describeAll(unknown.stream().limit(20).toArray())
                    + (unknown.cardinality() > 20 ? " …" : ""));
        }
        return encode(file, vocabulary, n);
    }

    /** A corpus of an in-memory text with its own vocabulary. */
    public static TextCorpus of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the text is empty");
        }
        Vocabulary v = Vocabulary.of(text);
        int[] cps = text.codePoints().toArray();
        TextCorpus corpus = new TextCorpus(v, cps.length);
        for (int i = 0; i < cps.length; i++) {
            corpus.set(i, v.id(cps[i]));
        }
        return corpus;
    }

    public Vocabulary vocabulary() { return vocabulary; }

    /** Number of characters (code points). */
    public int length() { return length; }

    /** The id of character i. */
    public int id(int i) {
        if (bytes != null) {
            return bytes[i] & 0xFF;
        }
        return chars != null ? chars[i] : ints[i];
    }

    private void set(int i, int id) {
        if (bytes != null) {
            bytes[i] = (byte) id;
        } else if (chars != null) {
            chars[i] = (char) id;
        } else {
            ints[i] = id;
        }
    }

    private static TextCorpus encode(Path file, Vocabulary vocabulary, long n) throws IOException {
        if (n > Integer.MAX_VALUE - 16) {
            throw new TextFormatException(file + " has more than 2^31 characters");
        }
        TextCorpus corpus = new TextCorpus(vocabulary, (int) n);
        int[] next = {0};
        Utf8Reader.forEachCodePoint(file, cp -> corpus.set(next[0]++, vocabulary.id(cp)));
        if (next[0] != n) {
            throw new TextFormatException(file + " changed while it was being read");
        }
        return corpus;
    }

    private static int[] nonEmpty(Path file, long n, int[] cps) throws TextFormatException {
        if (n == 0) {
            throw new TextFormatException(file + " is empty");
        }
        return cps;
    }

    private static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new TextFormatException(file + " is a directory, not a text file");
        }
    }
}
