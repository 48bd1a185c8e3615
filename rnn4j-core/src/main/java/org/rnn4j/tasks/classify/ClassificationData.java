package org.rnn4j.tasks.classify;

import org.rnn4j.tasks.SequenceBatch;

/** Examples a {@link SequenceClassifier} learns from: each a sequence (or one dense step) with a class. */
public interface ClassificationData {
    int size();

    /** The class of example i. */
    int label(int i);

    /** The number of steps of example i (examples of similar length are batched together). */
    int length(int i);

    /** Examples {@code indices[from..to)} as one padded batch, labels included. */
    SequenceBatch batch(int[] indices, int from, int to);
}
