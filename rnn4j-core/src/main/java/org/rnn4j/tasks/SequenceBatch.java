package org.rnn4j.tasks;

import java.util.List;

/**
 * A batch of variable-length sequences, padded and time-major as the recurrent layers take them: {@code ids} is
 * (T, B) with element (t, b) at {@code t*B + b}, T the longest length, padding {@link #PAD_ID} after each
 * sequence's own end; {@code lengths[b]} the true length; {@code labels} one class per sequence (or null).
 * {@code inputs} holds dense inputs (T, B, I) instead of ids for tasks without an embedding (or is null).
 */
public record SequenceBatch(int steps, int batch, int[] ids, float[] inputs, int[] lengths, int[] labels) {
    public static final int PAD_ID = 0;

    /** Pads sequences of token ids (each of length ≥ 1) into one batch. */
    public static SequenceBatch ofIds(List<int[]> sequences, int[] labels) {
        int batch = sequences.size();
        if (batch == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int steps = 0;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).length;
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("sequence " + b + " is empty");
            }
            steps = Math.max(steps, lengths[b]);
        }
        int[] ids = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            int[] s = sequences.get(b);
            for (int t = 0; t < s.length; t++) {
                ids[t * batch + b] = s[t];
            }
        }
        return new SequenceBatch(steps, batch, ids, null, lengths, labels);
    }

    /** Dense inputs of one step each: x (B, I) is (T = 1, B, I). */
    public static SequenceBatch oneStep(float[] x, int batch, int[] labels) {
        int[] lengths = new int[batch];
        java.util.Arrays.fill(lengths, 1);
        return new SequenceBatch(1, batch, null, x, lengths, labels);
    }
}
