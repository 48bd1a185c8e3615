package org.rnn4j.tasks;

import org.rnn4j.text.Tokenizer;
import org.rnn4j.text.WordVocabulary;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a text model reads: characters (Unicode code points of the NFC text, case kept) or words
 * ({@link Tokenizer}, lower-cased). Both become ids through a {@link WordVocabulary} built from the training
 * split only, so an unseen character or word reads as {@link WordVocabulary#UNK}.
 */
public enum TextUnits {
    CHARS, WORDS;

    private static final Tokenizer WORD_TOKENIZER = new Tokenizer(true);

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TextUnits fromId(String id) {
        for (TextUnits u : values()) {
            if (u.id().equals(id)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown input units '" + id + "' (expected chars or words)");
    }

    public List<String> tokens(String text) {
        if (this == WORDS) {
            return WORD_TOKENIZER.tokens(text);
        }
        String s = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
        List<String> out = new ArrayList<>();
        s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    /** The ids of a text's tokens; a text without tokens reads as the single unknown token. */
    public int[] encode(String text, WordVocabulary vocabulary) {
        List<String> tokens = tokens(text);
        if (tokens.isEmpty()) {
            return new int[] {WordVocabulary.UNK_ID};
        }
        return vocabulary.ids(tokens);
    }
}
