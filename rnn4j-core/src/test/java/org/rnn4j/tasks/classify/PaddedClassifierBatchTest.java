package org.rnn4j.tasks.classify;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.SequenceBatch;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A padded batch classifies each sequence as it is classified alone: the readout takes each sequence's state at
 * its own last step, and the backward direction of a bidirectional encoder starts at each sequence's own end
 * (were it to start at the padded end, the padding would change the short sequences' logits).
 */
class PaddedClassifierBatchTest {
    @Test
    void paddedBatchMatchesSingleSequences() {
        for (CellType cell : CellType.values()) {
            SequenceClassifier model = new SequenceClassifier(new SequenceClassifier.Architecture(cell, 9, 5, 6, 2,
                    true, 3));
            model.initialize(new Rng(17));
            List<int[]> seqs = List.of(new int[] {3, 4, 5, 6, 7, 8, 2}, new int[] {2}, new int[] {8, 1, 4},
                    new int[] {5, 5, 5, 5, 5, 5});
            float[] batched = model.logits(SequenceBatch.ofIds(seqs, null)).clone();
            for (int b = 0; b < seqs.size(); b++) {
                float[] alone = model.logits(SequenceBatch.ofIds(List.of(seqs.get(b)), null));
                for (int k = 0; k < 3; k++) {
                    assertEquals(alone[k], batched[b * 3 + k], 1e-5, cell + " sequence " + b + " class " + k);
                }
            }
        }
    }
}
