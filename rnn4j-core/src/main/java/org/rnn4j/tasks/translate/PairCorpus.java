package org.rnn4j.tasks.translate;

import org.rnn4j.math.Rng;
import org.rnn4j.text.Tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The French → English pairs of {@code translation/fra.txt} (one {@code English<TAB>French} pair per line),
 * filtered as the PyTorch seq2seq tutorial filters them: the English side, in the tutorial's normal form
 * (lower case, accents removed, ".!?" split off, every other run of non-letters a space, so "I'm" is "i m"),
 * starts with one of {@link #PREFIXES}, and both sides have at most {@code maxWords} tokens. The tokens are
 * {@link Tokenizer}'s, lower-cased (NFC, no-break spaces before French punctuation are spaces). The held-out
 * pairs are a seeded shuffle's last {@code heldOut} fraction.
 */
public final class PairCorpus {
    public static final List<String> PREFIXES = List.of("i am ", "i m ", "he is", "he s ", "she is", "she s ",
            "you are", "you re ", "we are", "we re ", "they are", "they re ");

    /** A sentence pair, tokenised. */
    public record Pair(List<String> source, List<String> target) {
        public Pair {
            source = List.copyOf(source);
            target = List.copyOf(target);
        }
    }

    /** Training and held-out pairs. */
    public record Split(List<Pair> train, List<Pair> heldOut) {
    }

    private PairCorpus() {
    }

    /** The tutorial's normalizeString: lower case, ASCII letters, ".!?" split off, other characters spaces. */
    public static String tutorialForm(String s) {
        String t = Normalizer.normalize(s.toLowerCase(Locale.ROOT).strip(), Normalizer.Form.NFD)
                .replaceAll("\\p{Mn}", "");
        t = t.replaceAll("([.!?])", " $1");
        return t.replaceAll("[^a-zA-Z.!?]+", " ");
    }

    public static boolean keep(String english) {
        String form = tutorialForm(english);
        for (String p : PREFIXES) {
            if (form.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads and filters the pairs (French as source, English as target). A line without a tab, or bytes that
     * are not UTF-8, are an {@link IOException} naming the file.
     */
    public static List<Pair> read(Path file, int maxWords) throws IOException {
        Tokenizer tokenizer = new Tokenizer(true);
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 2) {
                    throw new IOException(file + ":" + no + ": expected 'English<TAB>French'");
                }
                if (!keep(f[0])) {
                    continue;
                }
                List<String> en = tokenizer.tokens(f[0]);
                List<String> fr = tokenizer.tokens(f[1]);
                if (en.isEmpty() || fr.isEmpty() || en.size() > maxWords || fr.size() > maxWords) {
                    continue;
                }
                pairs.add(new Pair(fr, en));
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not valid UTF-8", e);
        }
        return pairs;
    }

    /** A seeded shuffle, then the last {@code heldOut} fraction (at least one pair) is held out. */
    public static Split split(List<Pair> pairs, double heldOut, long seed) {
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("need at least two pairs to hold some out, got " + pairs.size());
        }
        List<Pair> order = new ArrayList<>(pairs);
        Rng rng = new Rng(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            Collections.swap(order, i, rng.nextInt(i + 1));
        }
        int held = Math.max(1, (int) Math.round(order.size() * heldOut));
        int cut = order.size() - held;
        return new Split(List.copyOf(order.subList(0, cut)), List.copyOf(order.subList(cut, order.size())));
    }
}
