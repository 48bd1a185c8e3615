package org.rnn4j.tasks.classify;

import org.rnn4j.math.Rng;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Texts with class names, as the classification datasets ship them, and the class list. Readers:
 * {@link #names} (one file per language, one surname per line) and {@link #sst2} (a TSV with a header
 * {@code sentence<TAB>label}).
 */
public record LabeledText(List<String> texts, List<Integer> labels, List<String> classes) {

    public int size() {
        return texts.size();
    }

    /**
     * The surnames of {@code dir/<Language>.txt} (UTF-8, NFC, stripped; blank lines skipped), classes in file-name
     * order, with duplicate (name, language) pairs removed (the first kept), so that a split cannot put the same
     * pair on both sides. The same name under two languages stays twice, once per language.
     */
    public static LabeledText names(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        if (files.size() < 2) {
            throw new IOException(dir + " holds " + files.size() + " <Language>.txt files; a classifier needs two or more");
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            int label = classes.size();
            classes.add(name.substring(0, name.length() - 4));
            Set<String> seen = new LinkedHashSet<>();
            for (String line : readLines(f)) {
                String n = Normalizer.normalize(line.strip(), Normalizer.Form.NFC);
                if (!n.isEmpty() && seen.add(n)) {
                    texts.add(n);
                    labels.add(label);
                }
            }
            if (seen.isEmpty()) {
                throw new IOException(f + " holds no names");
            }
        }
        return new LabeledText(texts, labels, classes);
    }

    /** The GLUE SST-2 TSV: a header line {@code sentence<TAB>label}, then sentences labelled 0 or 1. */
    public static LabeledText sst2(Path file) throws IOException {
        List<String> lines = readLines(file);
        if (lines.isEmpty() || !lines.get(0).strip().equals("sentence\tlabel")) {
            throw new IOException(file + ": expected an SST-2 TSV whose first line is 'sentence<TAB>label'");
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            String label = tab < 0 ? "" : line.substring(tab + 1).strip();
            if (!label.equals("0") && !label.equals("1")) {
                throw new IOException(file + ":" + (i + 1) + ": expected 'sentence<TAB>0' or 'sentence<TAB>1'");
            }
            texts.add(line.substring(0, tab).strip());
            labels.add(Integer.parseInt(label));
        }
        if (texts.isEmpty()) {
            throw new IOException(file + " holds no sentences");
        }
        return new LabeledText(texts, labels, List.of("negative", "positive"));
    }

    /** The examples at the given indices, in that order. */
    public LabeledText subset(int[] indices) {
        List<String> t = new ArrayList<>(indices.length);
        List<Integer> l = new ArrayList<>(indices.length);
        for (int i : indices) {
            t.add(texts.get(i));
            l.add(labels.get(i));
        }
        return new LabeledText(t, l, classes);
    }

    /** The examples in a seeded random order: a deterministic shuffle for splitting. */
    public LabeledText shuffled(long seed) {
        return subset(ClassifierTrainer.permutation(size(), new Rng(seed)));
    }

    /** Examples [from, to). */
    public LabeledText range(int from, int to) {
        return new LabeledText(texts.subList(from, to), labels.subList(from, to), classes);
    }

    public int[] labelArray() {
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<String> readLines(Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            List<String> lines = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not valid UTF-8");
        }
    }
}
