package org.rnn4j.longlag;

import org.rnn4j.math.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A task whose sequences are drawn at random rather than read from a dataset (the adding problem, the copy
 * task): training batches come from the trainer's generator, the held-out set from a generator of its own,
 * seeded with {@code testSeed}, so every run is judged on the same sequences.
 */
abstract class GeneratedTask implements SequenceTask {
    private final int testSize;
    private final long testSeed;

    GeneratedTask(int testSize, long testSeed) {
        if (testSize <= 0) {
            throw new IllegalArgumentException("the test set needs at least one sequence");
        }
        this.testSize = testSize;
        this.testSeed = testSeed;
    }

    @Override
    public final List<Batch> testSet(int batchSize) {
        Rng rng = new Rng(testSeed);
        List<Batch> batches = new ArrayList<>();
        for (int done = 0; done < testSize; done += batchSize) {
            batches.add(trainingBatch(Math.min(batchSize, testSize - done), rng));
        }
        return batches;
    }
}
