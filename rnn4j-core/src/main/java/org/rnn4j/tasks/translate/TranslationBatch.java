package org.rnn4j.tasks.translate;

import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.text.WordVocabulary;

import java.util.List;

/**
 * A padded batch of sentence pairs, time-major. Source ids (S, B) with each source's length; decoder inputs
 * (T, B) = {@code <s>} y_1 … y_n and targets (T, B) = y_1 … y_n {@code </s>}, with T = max n + 1, padding
 * {@link WordVocabulary#PAD_ID} in the inputs and {@link SoftmaxCrossEntropy#IGNORE} in the targets.
 */
public final class TranslationBatch {
    public final int batch;
    public final int sourceSteps;
    public final int[] sourceIds;
    public final int[] sourceLengths;
    public final int targetSteps;
    public final int[] targetInputs;
    public final int[] targets;
    public final int[] targetLengths;

    TranslationBatch(int batch, int sourceSteps, int[] sourceIds, int[] sourceLengths, int targetSteps,
                     int[] targetInputs, int[] targets, int[] targetLengths) {
        this.batch = batch;
        this.sourceSteps = sourceSteps;
        this.sourceIds = sourceIds;
        this.sourceLengths = sourceLengths;
        this.targetSteps = targetSteps;
        this.targetInputs = targetInputs;
        this.targets = targets;
        this.targetLengths = targetLengths;
    }

    /** Sources only (for decoding). Each source must be non-empty. */
    public static TranslationBatch sources(List<List<String>> sources, WordVocabulary vocab) {
        int b = sources.size();
        int steps = 1;
        for (List<String> s : sources) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("an empty source sentence");
            }
            steps = Math.max(steps, s.size());
        }
        int[] ids = new int[steps * b];
        int[] lengths = new int[b];
        for (int j = 0; j < b; j++) {
            List<String> s = sources.get(j);
            lengths[j] = s.size();
            for (int t = 0; t < s.size(); t++) {
                ids[t * b + j] = vocab.id(s.get(t));
            }
        }
        return new TranslationBatch(b, steps, ids, lengths, 0, null, null, null);
    }

    public static TranslationBatch of(List<PairCorpus.Pair> pairs, WordVocabulary source, WordVocabulary target,
                                      int startId, int endId) {
        List<List<String>> sources = new java.util.ArrayList<>();
        for (PairCorpus.Pair p : pairs) {
            sources.add(p.source());
        }
        TranslationBatch s = sources(sources, source);
        int b = pairs.size();
        int steps = 1;
        for (PairCorpus.Pair p : pairs) {
            steps = Math.max(steps, p.target().size() + 1);
        }
        int[] inputs = new int[steps * b];
        int[] targets = new int[steps * b];
        java.util.Arrays.fill(targets, SoftmaxCrossEntropy.IGNORE);
        int[] lengths = new int[b];
        for (int j = 0; j < b; j++) {
            List<String> y = pairs.get(j).target();
            lengths[j] = y.size() + 1;
            inputs[j] = startId;
            for (int t = 0; t < y.size(); t++) {
                int id = target.id(y.get(t));
                targets[t * b + j] = id;
                inputs[(t + 1) * b + j] = id;
            }
            targets[y.size() * b + j] = endId;
        }
        return new TranslationBatch(b, s.sourceSteps, s.sourceIds, s.sourceLengths, steps, inputs, targets, lengths);
    }
}
