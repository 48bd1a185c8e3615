package org.rnn4j.tasks.classify;

import org.rnn4j.tasks.TextUnits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The train, validation and test splits of a text classification dataset, made the same way every time.
 * <ul>
 *   <li>{@code names}: the (name, language) pairs without duplicates ({@link LabeledText#names}), shuffled with
 *   the split seed, then 80% train, 10% validation, 10% test. A pair is in exactly one split.</li>
 *   <li>{@code sst2} ({@link #sst2}): {@code train.tsv} shuffled with the split seed, its last
 *   {@code validationSize} items held out for validation and the rest trained on. {@code train.tsv} holds whole
 *   sentences and the phrases of their parse trees, so this validation slice is mostly phrases of sentences that
 *   are trained on (it leaks: it rewards memorising them).</li>
 *   <li>{@code sst2} by whole sentences ({@link #sst2Sentences}): the validation set is {@code validationSize}
 *   whole sentences: items of {@value #SST2_MIN_VALIDATION_TOKENS} or
 *   more tokens that are not a contiguous part of another item, taken in the order of a shuffle with the split
 *   seed. Every item whose tokens are a contiguous run of a validation sentence's tokens (its phrases, and copies
 *   of it) is then removed from training, so that validation measures reading sentences not trained on; the rest
 *   of {@code train.tsv}, in the shuffled order, is trained on. See {@link #sst2Split}.</li>
 * </ul>
 * In both SST-2 splits {@code dev.tsv} is the test set (GLUE's test labels are not public).
 */
public record TextSplits(LabeledText train, LabeledText validation, LabeledText test) {
    public static final long DEFAULT_SPLIT_SEED = 1234;

    /** The fewest tokens of an SST-2 validation sentence. */
    public static final int SST2_MIN_VALIDATION_TOKENS = 10;

    /**
     * An SST-2 split and how it was made.
     *
     * @param splits               the splits
     * @param candidates           the whole sentences of {@code train.tsv} the validation set was drawn from
     * @param removedFromTraining  the items of {@code train.tsv} not held out that were left out of training
     *                             because their tokens are a contiguous run of a validation sentence's tokens
     */
    public record Sst2Split(TextSplits splits, int candidates, int removedFromTraining) {
    }

    public static TextSplits names(Path dir, long splitSeed) throws IOException {
        LabeledText all = LabeledText.names(dir).shuffled(splitSeed);
        int n = all.size();
        int trainEnd = (int) Math.round(n * 0.8);
        int valEnd = (int) Math.round(n * 0.9);
        return new TextSplits(all.range(0, trainEnd), all.range(trainEnd, valEnd), all.range(valEnd, n));
    }

    /** The SST-2 split whose validation slice is the last {@code validationSize} items of shuffled train.tsv. */
    public static TextSplits sst2(Path dir, long splitSeed, int validationSize) throws IOException {
        checkSst2(dir);
        LabeledText all = LabeledText.sst2(dir.resolve("train.tsv")).shuffled(splitSeed);
        if (validationSize <= 0 || validationSize >= all.size()) {
            throw new IllegalArgumentException("the validation slice must hold 1 to " + (all.size() - 1) + " sentences");
        }
        int trainEnd = all.size() - validationSize;
        return new TextSplits(all.range(0, trainEnd), all.range(trainEnd, all.size()),
                LabeledText.sst2(dir.resolve("dev.tsv")));
    }

    /** The SST-2 split whose validation set is {@code validationSize} whole held-out sentences. */
    public static TextSplits sst2Sentences(Path dir, long splitSeed, int validationSize) throws IOException {
        return sst2Split(dir, splitSeed, validationSize).splits();
    }

    /** {@link #sst2Sentences}, with the counts of how the split was made. */
    public static Sst2Split sst2Split(Path dir, long splitSeed, int validationSize) throws IOException {
        checkSst2(dir);
        Path trainFile = dir.resolve("train.tsv");
        Path devFile = dir.resolve("dev.tsv");
        return sst2Split(LabeledText.sst2(trainFile), LabeledText.sst2(devFile), splitSeed, validationSize);
    }

    /**
     * Holds out {@code validationSize} whole sentences of {@code trainFile} (see the class comment) and removes
     * their phrases from training. Tokens: {@link TextUnits#WORDS}, as the classifier reads the text.
     */
    static Sst2Split sst2Split(LabeledText trainFile, LabeledText test, long splitSeed, int validationSize) {
        LabeledText all = trainFile.shuffled(splitSeed);
        int n = all.size();
        List<List<String>> tokens = new ArrayList<>(n);
        for (String text : all.texts()) {
            tokens.add(TextUnits.WORDS.tokens(text));
        }
        // Runs of min or more tokens that are a proper part of some item: an item that is one of them is a phrase.
        int min = SST2_MIN_VALIDATION_TOKENS;
        Set<String> partsOfLongerItems = new HashSet<>();
        for (List<String> t : tokens) {
            for (int from = 0; from < t.size(); from++) {
                for (int to = from + min; to <= t.size(); to++) {
                    if (to - from < t.size()) {
                        partsOfLongerItems.add(String.join(" ", t.subList(from, to)));
                    }
                }
            }
        }
        List<Integer> candidates = new ArrayList<>();
        Set<String> candidateTexts = new HashSet<>();
        for (int i = 0; i < n; i++) {
            List<String> t = tokens.get(i);
            if (t.size() >= min) {
                String joined = String.join(" ", t);
                if (!partsOfLongerItems.contains(joined) && candidateTexts.add(joined)) {
                    candidates.add(i);   // a whole sentence; a second copy of one is not a second candidate
                }
            }
        }
        partsOfLongerItems = null;
        if (validationSize <= 0 || validationSize >= candidates.size()) {
            throw new IllegalArgumentException("the validation set must hold 1 to " + (candidates.size() - 1)
                    + " sentences (train.tsv holds " + candidates.size() + " whole sentences of " + min
                    + " or more tokens)");
        }
        boolean[] heldOut = new boolean[n];
        Set<String> validationRuns = new HashSet<>();
        int[] validation = new int[validationSize];
        for (int k = 0; k < validationSize; k++) {
            int i = candidates.get(k);
            validation[k] = i;
            heldOut[i] = true;
            List<String> t = tokens.get(i);
            for (int from = 0; from < t.size(); from++) {
                for (int to = from + 1; to <= t.size(); to++) {
                    validationRuns.add(String.join(" ", t.subList(from, to)));
                }
            }
        }
        List<Integer> train = new ArrayList<>(n);
        int removed = 0;
        for (int i = 0; i < n; i++) {
            if (heldOut[i]) {
                continue;
            }
            if (validationRuns.contains(String.join(" ", tokens.get(i)))) {
                removed++;
            } else {
                train.add(i);
            }
        }
        TextSplits splits = new TextSplits(all.subset(train.stream().mapToInt(Integer::intValue).toArray()),
                all.subset(validation), test);
        return new Sst2Split(splits, candidates.size(), removed);
    }

    private static void checkSst2(Path dir) throws NoSuchFileException {
        for (String name : new String[] {"train.tsv", "dev.tsv"}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new NoSuchFileException(dir.resolve(name).toString());
            }
        }
    }

    /** Only the first {@code n} training examples (for quick runs); the other splits stay. */
    public TextSplits limitTrain(int n) {
        return new TextSplits(train.range(0, Math.min(n, train.size())), validation, test);
    }
}
