package org.rnn4j.tasks.tag;

import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.text.WordVocabulary;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A padded batch of sentences for the tagger, time-major. Word ids (T, B) index the word vocabulary (padding
 * {@link WordVocabulary#PAD_ID}); the distinct words of the batch are spelled out once each as character ids
 * (Tc, U), time-major, with their lengths; {@code unique[t·B + b]} is the distinct word at that position (−1 at
 * padding). Targets are tag ids, {@link SoftmaxCrossEntropy#IGNORE} at padding (or all of them, when the
 * sentences come without tags).
 */
public final class TagBatch {
    /** Longer words are spelled by their first and last {@code MAX_CHARS / 2} characters. */
    public static final int MAX_CHARS = 20;

    public final int steps;
    public final int batch;
    public final int[] lengths;
    public final int[] wordIds;
    public final int[] targets;
    public final int[] unique;
    public final int distinct;
    public final int charSteps;
    public final int[] charIds;
    public final int[] charLengths;

    private TagBatch(int steps, int batch, int[] lengths, int[] wordIds, int[] targets, int[] unique, int distinct,
                     int charSteps, int[] charIds, int[] charLengths) {
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        this.wordIds = wordIds;
        this.targets = targets;
        this.unique = unique;
        this.distinct = distinct;
        this.charSteps = charSteps;
        this.charIds = charIds;
        this.charLengths = charLengths;
    }

    /** The key a word is looked up by in the word vocabulary: lower-cased (the characters keep the case). */
    public static String wordKey(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    /**
     * @param sentences the words of each sentence (each non-empty)
     * @param tags      the tags of each sentence, or null
     * @param wordIdsOverride when not null, the word ids to use per sentence (word dropout), else looked up
     */
    public static TagBatch of(List<List<String>> sentences, List<List<String>> tags, int[][] wordIdsOverride,
                              WordVocabulary words, WordVocabulary chars, Map<String, Integer> tagIds) {
        int b = sentences.size();
        int steps = 1;
        for (List<String> s : sentences) {
            steps = Math.max(steps, s.size());
        }
        int[] lengths = new int[b];
        int[] wordIds = new int[steps * b];
        int[] targets = new int[steps * b];
        int[] unique = new int[steps * b];
        java.util.Arrays.fill(targets, SoftmaxCrossEntropy.IGNORE);
        java.util.Arrays.fill(unique, -1);
        Map<String, Integer> distinct = new HashMap<>();
        List<String> spelled = new java.util.ArrayList<>();
        for (int j = 0; j < b; j++) {
            List<String> s = sentences.get(j);
            lengths[j] = s.size();
            for (int t = 0; t < s.size(); t++) {
                String w = s.get(t);
                int row = t * b + j;
                wordIds[row] = wordIdsOverride != null ? wordIdsOverride[j][t] : words.id(wordKey(w));
                if (tags != null) {
                    Integer id = tagIds.get(tags.get(j).get(t));
                    if (id == null) {
                        throw new IllegalArgumentException("tag '" + tags.get(j).get(t) + "' is not in the tag set");
                    }
                    targets[row] = id;
                }
                Integer u = distinct.get(w);
                if (u == null) {
                    u = spelled.size();
                    distinct.put(w, u);
                    spelled.add(w);
                }
                unique[row] = u;
            }
        }
        int u = Math.max(1, spelled.size());
        int[][] codes = new int[spelled.size()][];
        int charSteps = 1;
        for (int i = 0; i < codes.length; i++) {
            codes[i] = spelling(spelled.get(i));
            charSteps = Math.max(charSteps, codes[i].length);
        }
        int[] charIds = new int[charSteps * u];
        int[] charLengths = new int[u];
        for (int i = 0; i < codes.length; i++) {
            charLengths[i] = codes[i].length;
            for (int t = 0; t < codes[i].length; t++) {
                charIds[t * u + i] = chars.id(new String(Character.toChars(codes[i][t])));
            }
        }
        return new TagBatch(steps, b, lengths, wordIds, targets, unique, u, charSteps, charIds, charLengths);
    }

    /** The code points a word is spelled with, at most {@link #MAX_CHARS}. */
    static int[] spelling(String word) {
        int[] cps = word.codePoints().toArray();
        if (cps.length <= MAX_CHARS) {
            return cps;
        }
        int half = MAX_CHARS / 2;
        int[] out = new int[MAX_CHARS];
        System.arraycopy(cps, 0, out, 0, half);
        System.arraycopy(cps, cps.length - half, out, half, half);
        return out;
    }
}
