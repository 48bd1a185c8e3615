package org.rnn4j.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a sentence into words and punctuation marks, for the word-level tasks (sentiment, translation).
 *
 * <p>The text is put in Unicode NFC, optionally lower-cased, and every kind of space counts as a separator,
 * the no-break spaces U+00A0 and U+202F included (French writes "Merci !" with one before "!", "?", ":" and
 * ";"). A word is a run of letters, digits and combining marks, which may hold an apostrophe (' or ’) or a
 * hyphen between two such characters ("don't", "aujourd'hui", "peut-être") or begin with an apostrophe (the
 * clitics of a tokenised corpus: "it 's"); every other character that is not a space is a token of its own
 * ("!", ",", "«").
 */
public final class Tokenizer {
    private final boolean lowercase;

    public Tokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    public boolean lowercase() {
        return lowercase;
    }

    public List<String> tokens(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (lowercase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                i += Character.charCount(cp);
            } else if (isWordChar(cp) || startsClitic(s, i, cp)) {
                int start = i;
                i += Character.charCount(cp);
                while (i < n) {
                    int c = s.codePointAt(i);
                    if (isWordChar(c)) {
                        i += Character.charCount(c);
                    } else if (isJoiner(c) && i + 1 < n && isWordChar(s.codePointAt(i + 1))) {
                        i += Character.charCount(c);   // an apostrophe or hyphen inside a word
                    } else {
                        break;
                    }
                }
                out.add(s.substring(start, i));
            } else {
                out.add(new String(Character.toChars(cp)));
                i += Character.charCount(cp);
            }
        }
        return out;
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '\u200B' || cp == '\uFEFF';
    }

    private static boolean isWordChar(int cp) {
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /** An apostrophe before a word character opens a clitic as a tokenised corpus writes it: "it 's", "we 're". */
    private static boolean startsClitic(String s, int i, int cp) {
        return (cp == '\'' || cp == '\u2019') && i + 1 < s.length() && isWordChar(s.codePointAt(i + 1));
    }

    private static boolean isJoiner(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '-';
    }
}
