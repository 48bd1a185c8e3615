package org.rnn4j.charlm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters a model knows: Unicode code points, each with an id 0..V-1. Built from a text, the ids follow
 * code-point order (as {@code sorted(set(text))} in Python does for these characters).
 */
public final class Vocabulary {
    private final int[] codePoints;
    private final Map<Integer, Integer> ids = new HashMap<>();

    public Vocabulary(int[] codePoints) {
        if (codePoints.length == 0) {
            throw new IllegalArgumentException("a vocabulary needs at least one character");
        }
        this.codePoints = codePoints.clone();
        for (int i = 0; i < codePoints.length; i++) {
            if (!Character.isValidCodePoint(codePoints[i])) {
                throw new IllegalArgumentException("not a Unicode code point: " + codePoints[i]);
            }
            if (ids.put(codePoints[i], i) != null) {
                throw new IllegalArgumentException("character " + describe(codePoints[i]) + " appears twice");
            }
        }
    }

    /** The sorted set of code points of a text. */
    public static Vocabulary of(CharSequence text) {
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        return new Vocabulary(set.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A vocabulary from one-code-point strings in id order (the model file's "vocab" array). */
    public static Vocabulary ofStrings(List<String> chars) {
        int[] cps = new int[chars.size()];
        for (int i = 0; i < cps.length; i++) {
            String s = chars.get(i);
            if (s == null || s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("vocabulary entry " + i + " is not exactly one character");
            }
            cps[i] = s.codePointAt(0);
        }
        return new Vocabulary(cps);
    }

    public int size() {
        return codePoints.length;
    }

    public int codePoint(int id) {
        return codePoints[id];
    }

    /** The id of a code point, or -1 when the vocabulary lacks it. */
    public int id(int codePoint) {
        Integer id = ids.get(codePoint);
        return id == null ? -1 : id;
    }

    public boolean contains(int codePoint) {
        return ids.containsKey(codePoint);
    }

    /** The entries as one-code-point strings, in id order. */
    public List<String> asStrings() {
        List<String> out = new ArrayList<>(codePoints.length);
        for (int cp : codePoints) {
            out.add(new String(Character.toChars(cp)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The distinct code points of a text that this vocabulary lacks, in order of first appearance. */
    public int[] unknownIn(CharSequence text) {
        return text.codePoints().filter(cp -> !contains(cp)).distinct().toArray();
    }

    /** Encodes a text; every character must be known. */
    public int[] encode(CharSequence text) {
        int[] unknown = unknownIn(text);
        if (unknown.length > 0) {
            throw new IllegalArgumentException("characters not in the vocabulary: " + describeAll(unknown));
        }
        return text.codePoints().map(this::id).toArray();
    }

    public String decode(int id) {
        return new String(Character.toChars(codePoints[id]));
    }

    /** A readable name of a character for messages: 'x', or U+000A for invisible ones. */
    public static String describe(int cp) {
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)) {
            return String.format("U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    public static String describeAll(int[] cps) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(describe(cps[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary && Arrays.equals(((Vocabulary) o).codePoints, codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }
}
