package org.rnn4j.charlm;

/**
 * char-rnn's batching: the characters [from, to) of a corpus are cut into B contiguous streams of
 * n = ⌊(to - from) / B⌋ characters; update s takes characters [s·T, s·T + T) of every stream as inputs and the
 * same positions shifted by one as targets, so a state carried from update s to s+1 continues each stream.
 * An epoch is ⌊(n - 1) / T⌋ updates. Inputs and targets are time-major (T, B).
 */
public final class CharBatches {
    private final TextCorpus corpus;
    private final int from;
    private final int batch;
    private final int steps;
    private final int streamLength;

    public CharBatches(TextCorpus corpus, int from, int to, int batch, int steps) {
        if (batch <= 0 || steps <= 0) {
            throw new IllegalArgumentException("batch size and sequence length must be positive");
        }
        if (from < 0 || to > corpus.length() || from > to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " outside the corpus");
        }
        this.corpus = corpus;
        this.from = from;
        this.batch = batch;
        this.steps = steps;
        this.streamLength = (to - from) / batch;
    }

    public int batchSize() { return batch; }
    public int sequenceLength() { return steps; }

    /** Updates per epoch; 0 when the text is shorter than one batch (B·(T+1) characters). */
    public int updatesPerEpoch() {
        return Math.max(0, (streamLength - 1) / steps);
    }

    /** Fills inputs and targets (T·B each, time-major) for update {@code index} of an epoch. */
    public void fill(int index, int[] inputs, int[] targets) {
        if (index < 0 || index >= updatesPerEpoch()) {
            throw new IllegalArgumentException("update " + index + " outside the epoch of " + updatesPerEpoch());
        }
        for (int b = 0; b < batch; b++) {
            int start = from + b * streamLength + index * steps;
            for (int t = 0; t < steps; t++) {
                inputs[t * batch + b] = corpus.id(start + t);
                targets[t * batch + b] = corpus.id(start + t + 1);
            }
        }
    }
}
