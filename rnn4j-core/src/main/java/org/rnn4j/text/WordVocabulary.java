package org.rnn4j.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens a word-level model knows, each with an id. Id 0 is {@value #PAD} (padding), id 1 is {@value #UNK}
 * (any token not in the vocabulary), then the task's own special tokens (e.g. start and end of sentence), then
 * the words of the training split by descending count (ties in code-point order), so that a vocabulary built
 * twice from the same data is the same.
 */
public final class WordVocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    /** A vocabulary from its tokens in id order, as saved in a model file: the first two must be PAD and UNK. */
    public WordVocabulary(List<String> tokens) {
        if (tokens.size() < 2 || !PAD.equals(tokens.get(0)) || !UNK.equals(tokens.get(1))) {
            throw new IllegalArgumentException("a word vocabulary starts with " + PAD + " and " + UNK);
        }
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice");
            }
        }
    }

    /**
     * Counts the tokens of the training sentences and keeps those seen at least {@code minCount} times, the
     * {@code maxWords} most frequent at most (0: no limit).
     */
    public static WordVocabulary build(Iterable<? extends List<String>> sentences, int minCount, int maxWords,
                                       List<String> specials) {
        if (minCount < 1 || maxWords < 0) {
            throw new IllegalArgumentException("minCount must be ≥ 1 and maxWords ≥ 0");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String token : sentence) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<String> result = new ArrayList<>();
        result.add(PAD);
        result.add(UNK);
        result.addAll(specials);
        List<Map.Entry<String, Integer>> words = new ArrayList<>(counts.entrySet());
        words.removeIf(e -> e.getValue() < minCount || result.contains(e.getKey()));
        words.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int limit = maxWords == 0 ? words.size() : Math.min(maxWords, words.size());
        for (int i = 0; i < limit; i++) {
            result.add(words.get(i).getKey());
        }
        return new WordVocabulary(result);
    }

    public int size() {
        return tokens.size();
    }

    /** The id of a token, or {@link #UNK_ID} for one the vocabulary does not hold. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** All tokens in id order (what a model file stores). */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    public int[] ids(List<String> sentence) {
        int[] out = new int[sentence.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(sentence.get(i));
        }
        return out;
    }
}
