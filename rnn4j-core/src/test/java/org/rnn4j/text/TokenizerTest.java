package org.rnn4j.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {
    private final Tokenizer lower = new Tokenizer(true);

    @Test
    void splitsPunctuationFromWords() {
        assertEquals(List.of("it", "'s", "a", "charming", ",", "funny", "film", "."),
                lower.tokens("it 's a charming , funny film ."));
        assertEquals(List.of("i", "don't", "know", "!"), lower.tokens("I don't know!"));
    }

    @Test
    void frenchNoBreakSpacesSeparateLikeSpaces() {
        // U+202F (narrow no-break space) and U+00A0 before ! ? : ; as French typography writes them
        assertEquals(List.of("merci", "!"), lower.tokens("Merci\u202F!"));
        assertEquals(List.of("qui", "est", "là", "?"), lower.tokens("Qui est là\u00A0?"));
        assertEquals(List.of("«", "bonjour", "»"), lower.tokens("«\u00A0Bonjour\u00A0»"));
    }

    @Test
    void keepsElisionAndHyphenInsideWords() {
        assertEquals(List.of("j'ai", "peut-être", "aujourd’hui", "-", "là"),
                lower.tokens("J'ai peut-être aujourd’hui - là"));
    }

    @Test
    void composedAndDecomposedAccentsGiveTheSameToken() {
        assertEquals(lower.tokens("été"), lower.tokens("e\u0301te\u0301"));
    }

    @Test
    void keepsCaseWhenAsked() {
        assertEquals(List.of("Paris", "."), new Tokenizer(false).tokens("Paris."));
    }
}
