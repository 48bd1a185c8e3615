package org.rnn4j.tasks.classify;

import org.rnn4j.tasks.SequenceBatch;

import java.util.ArrayList;
import java.util.List;

/** Token-id sequences (each of length ≥ 1) with their classes. */
public final class TokenSequences implements ClassificationData {
    private final List<int[]> sequences;
    private final int[] labels;

    public TokenSequences(List<int[]> sequences, int[] labels) {
        if (sequences.size() != labels.length) {
            throw new IllegalArgumentException("one label per sequence");
        }
        this.sequences = List.copyOf(sequences);
        this.labels = labels.clone();
    }

    @Override public int size() { return labels.length; }
    @Override public int label(int i) { return labels[i]; }
    @Override public int length(int i) { return sequences.get(i).length; }

    public int[] sequence(int i) { return sequences.get(i); }

    @Override
    public SequenceBatch batch(int[] indices, int from, int to) {
        List<int[]> seqs = new ArrayList<>(to - from);
        int[] l = new int[to - from];
        for (int k = from; k < to; k++) {
            seqs.add(sequences.get(indices[k]));
            l[k - from] = labels[indices[k]];
        }
        return SequenceBatch.ofIds(seqs, l);
    }
}
