package org.rnn4j.tasks.classify;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * With an average decay the trainer validates and keeps the moving average of the parameters, not the last
 * step's: the kept model scores on validation what the kept epoch reported for the average, and the last step's
 * parameters (reported beside it) score differently. Without averaging nothing changes.
 */
class AveragedTrainingTest {
    /** Sequences of ids 2..9; the class is whether token 2 occurs. */
    private static TokenSequences data(int n, long seed) {
        Rng rng = new Rng(seed);
        List<int[]> seqs = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int[] s = new int[3 + rng.nextInt(5)];
            for (int t = 0; t < s.length; t++) {
                s[t] = 3 + rng.nextInt(7);
            }
            if (rng.nextDouble() < 0.5) {
                s[rng.nextInt(s.length)] = 2;
                labels[i] = 1;
            }
            seqs.add(s);
        }
        return new TokenSequences(seqs, labels);
    }

    private static SequenceClassifier model() {
        SequenceClassifier m = new SequenceClassifier(new SequenceClassifier.Architecture(CellType.LSTM, 10, 8, 8, 1,
                true, 2), 0f, 0f, 0f, null);
        m.initialize(new Rng(3));
        return m;
    }

    @Test
    void keepsTheAverageAndReportsTheLastStepBesideIt() {
        TokenSequences train = data(400, 1);
        TokenSequences validation = data(200, 2);
        SequenceClassifier averaged = model();
        List<ClassifierTrainer.Epoch> epochs = ClassifierTrainer.train(averaged, train, validation,
                new ClassifierTrainer.Config(1, 16, 1e-2, 1, 5, 0, 0, 0.9, 7), null);
        ClassifierTrainer.Epoch e = epochs.get(0);
        assertNotNull(e.liveValidation());
        assertNotEquals(e.liveValidation().loss(), e.validation().loss());
        // the same batches as the trainer's (the batch size decides which rows one product computes together, and
        // OpenBLAS's kernels for this CPU round products of different row counts differently)
        int batch = ClassifierTrainer.VALIDATION_BATCH;
        assertEquals(e.validation().loss(), ClassifierEvaluation.evaluate(averaged, validation, batch).loss(), 0);

        SequenceClassifier plain = model();
        ClassifierTrainer.Epoch p = ClassifierTrainer.train(plain, train, validation,
                new ClassifierTrainer.Config(1, 16, 1e-2, 1, 5, 0, 0, 7), null).get(0);
        assertNull(p.liveValidation());
        // the same steps were taken: the plain run ends where the averaged run's live parameters were
        assertEquals(e.liveValidation().loss(), p.validation().loss(), 0);
        assertEquals(p.validation().loss(), ClassifierEvaluation.evaluate(plain, validation, batch).loss(), 0);
    }
}
