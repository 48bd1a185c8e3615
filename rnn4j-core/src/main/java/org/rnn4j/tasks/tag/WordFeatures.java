package org.rnn4j.tasks.tag;

import org.rnn4j.nn.RecurrentState;

import java.util.Arrays;

/**
 * The representation of each word: its embedding and the final states of a bidirectional character RNN run
 * over the word's characters, concatenated. With N word positions, embeddings e (N, E), the character RNN's
 * final state h (2, U, C) over U distinct words (slot 0 the forward direction after the word's last
 * character, slot 1 the backward direction after its first) and u(n) the distinct word at position n
 * (−1 for padding: zeros),
 *
 * <pre>
 *   x_n = [ e_n ; h[0, u(n)] ; h[1, u(n)] ]                       (N, E + 2C)
 *   ∂L/∂e_n = ∂L/∂x_n[0:E]
 *   ∂L/∂h[0, u] = Σ_{n: u(n) = u} ∂L/∂x_n[E:E+C]   ∂L/∂h[1, u] = Σ_{n: u(n) = u} ∂L/∂x_n[E+C:E+2C]
 * </pre>
 *
 * (a word that occurs several times in a batch is spelled out once, and its gradients add up).
 */
public final class WordFeatures {
    private final int embedding;
    private final int charHidden;
    private int rows;
    private int[] unique;
    private int distinct;
    private float[] out = new float[0];
    private float[] dEmbedding = new float[0];

    public WordFeatures(int embedding, int charHidden) {
        this.embedding = embedding;
        this.charHidden = charHidden;
    }

    public int outputSize() {
        return embedding + 2 * charHidden;
    }

    /**
     * @param e      embeddings (N, E)
     * @param chars  the character RNN's final state, (2, U, C)
     * @param unique u(n) for each of the N rows, in −1..U−1
     * @return x (N, E + 2C), the object's own buffer
     */
    public float[] forward(float[] e, RecurrentState chars, int[] unique, int rows) {
        int width = outputSize();
        if (out.length < rows * width) {
            out = new float[rows * width];
            dEmbedding = new float[rows * embedding];
        }
        int c = charHidden;
        int u = chars.batch();
        float[] h = chars.h();
        for (int n = 0; n < rows; n++) {
            int base = n * width;
            System.arraycopy(e, n * embedding, out, base, embedding);
            int w = unique[n];
            if (w < 0) {
                Arrays.fill(out, base + embedding, base + width, 0f);
            } else {
                if (w >= u) {
                    throw new IllegalArgumentException("word index " + w + " outside 0.." + (u - 1));
                }
                System.arraycopy(h, chars.offset(0) + w * c, out, base + embedding, c);
                System.arraycopy(h, chars.offset(1) + w * c, out, base + embedding + c, c);
            }
        }
        this.rows = rows;
        this.unique = unique;
        this.distinct = u;
        return out;
    }

    /**
     * Splits ∂L/∂x: returns ∂L/∂e (N, E), the object's own buffer, and writes ∂L/∂h into {@code dChars}
     * (overwritten; its cell part, if any, is set to zero).
     */
    public float[] backward(float[] dx, RecurrentState dChars) {
        int width = outputSize();
        int c = charHidden;
        float[] dh = dChars.h();
        Arrays.fill(dh, 0f);
        if (dChars.c() != null) {
            Arrays.fill(dChars.c(), 0f);
        }
        for (int n = 0; n < rows; n++) {
            int base = n * width;
            System.arraycopy(dx, base, dEmbedding, n * embedding, embedding);
            int w = unique[n];
            if (w < 0) {
                continue;
            }
            int f = dChars.offset(0) + w * c;
            int b = dChars.offset(1) + w * c;
            for (int j = 0; j < c; j++) {
                dh[f + j] += dx[base + embedding + j];
                dh[b + j] += dx[base + embedding + c + j];
            }
        }
        return dEmbedding;
    }

    /** The number of distinct words of the last forward call. */
    public int distinctWords() {
        return distinct;
    }
}
