package org.rnn4j.tasks.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The train, validation and test splits of a text classification dataset, made the same way every time.
 * <ul>
 *   <li>{@code names}: the (name, language) pairs without duplicates ({@link LabeledText#names}), shuffled with
 *   the split seed, then 80% train, 10% validation, 10% test. A pair is in exactly one split.</li>
 *   <li>{@code sst2}: {@code train.tsv} shuffled with the split seed, its last {@code validationSize} sentences
 *   held out for validation and the rest trained on; {@code dev.tsv} is the test set (GLUE's test labels are
 *   not public).</li>
 * </ul>
 */
public record TextSplits(LabeledText train, LabeledText validation, LabeledText test) {
    public static final long DEFAULT_SPLIT_SEED = 1234;

    public static TextSplits names(Path dir, long splitSeed) throws IOException {
        LabeledText all = LabeledText.names(dir).shuffled(splitSeed);
        int n = all.size();
        int trainEnd = (int) Math.round(n * 0.8);
        int valEnd = (int) Math.round(n * 0.9);
        return new TextSplits(all.range(0, trainEnd), all.range(trainEnd, valEnd), all.range(valEnd, n));
    }

    public static TextSplits sst2(Path dir, long splitSeed, int validationSize) throws IOException {
        Path trainFile = dir.resolve("train.tsv");
        Path devFile = dir.resolve("dev.tsv");
        for (Path f : new Path[] {trainFile, devFile}) {
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString());
            }
        }
        LabeledText all = LabeledText.sst2(trainFile).shuffled(splitSeed);
        if (validationSize <= 0 || validationSize >= all.size()) {
            throw new IllegalArgumentException("the validation slice must hold 1 to " + (all.size() - 1) + " sentences");
        }
        int trainEnd = all.size() - validationSize;
        return new TextSplits(all.range(0, trainEnd), all.range(trainEnd, all.size()), LabeledText.sst2(devFile));
    }

    /** Only the first {@code n} training examples (for quick runs); the other splits stay. */
    public TextSplits limitTrain(int n) {
        return new TextSplits(train.range(0, Math.min(n, train.size())), validation, test);
    }
}
