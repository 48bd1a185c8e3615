package org.rnn4j.charlm;

import org.rnn4j.nn.RecurrentState;

/** Cross-entropy of a model on a text, in nats per character. */
public final class Evaluation {
    private Evaluation() {
    }

    /** A mean loss and the number of predictions it averages. */
    public record Result(double lossNats, long predictions) {
        public double bitsPerChar() {
            return lossNats / Math.log(2);
        }
    }

    /**
     * The exact mean cross-entropy of predicting every character of [from, to) after the first from all the
     * characters before it: one stream, state zero at the start and carried to the end. The text is fed in
     * chunks of {@code chunk} characters; the chunk size changes the memory used, and the float rounding of the
     * products (it decides how many rows each computes together, and so which kernel), nothing else.
     */
    public static Result wholeText(CharLanguageModel model, TextCorpus corpus, int from, int to, int chunk) {
        model.setTraining(false);
        RecurrentState state = model.newState(1);
        int[] inputs = new int[chunk];
        int[] targets = new int[chunk];
        double total = 0;
        long count = 0;
        for (int start = from; start + 1 < to; start += chunk) {
            int len = Math.min(chunk, to - 1 - start);
            for (int t = 0; t < len; t++) {
                inputs[t] = corpus.id(start + t);
                targets[t] = corpus.id(start + t + 1);
            }
            total += model.loss(inputs, targets, len, 1, state) * len;
            count += len;
        }
        return new Result(count == 0 ? Double.NaN : total / count, count);
    }

    /**
     * The mean loss over every update of {@code batches} with the state carried between them, as training sees
     * the text: B streams at once, much faster than {@link #wholeText} for validation during training.
     */
    public static Result batched(CharLanguageModel model, CharBatches batches) {
        model.setTraining(false);
        int b = batches.batchSize();
        int t = batches.sequenceLength();
        RecurrentState state = model.newState(b);
        int[] inputs = new int[t * b];
        int[] targets = new int[t * b];
        double total = 0;
        int updates = batches.updatesPerEpoch();
        for (int i = 0; i < updates; i++) {
            batches.fill(i, inputs, targets);
            total += model.loss(inputs, targets, t, b, state);
        }
        return new Result(updates == 0 ? Double.NaN : total / updates, (long) updates * t * b);
    }
}
