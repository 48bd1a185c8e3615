package org.rnn4j.tasks.classify;

import org.rnn4j.tasks.ClassificationMetrics;
import org.rnn4j.tasks.SequenceBatch;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** A classifier's mean cross-entropy, predictions and metrics on a data set (no dropout). */
public final class ClassifierEvaluation {
    /** Loss in nats per example, the argmax prediction and its probability per example, and the metrics. */
    public record Result(double loss, int[] predicted, float[] confidence, int[] gold, ClassificationMetrics metrics) {
    }

    private ClassifierEvaluation() {
    }

    public static Result evaluate(SequenceClassifier model, ClassificationData data, int batchSize) {
        int n = data.size();
        int classes = model.architecture().classes();
        // batches of similar lengths pad little
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingInt(data::length));
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        int[] gold = new int[n];
        double lossSum = 0;
        model.setTraining(false);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            SequenceBatch batch = data.batch(order, from, to);
            float[][] p = model.probabilities(batch);
            for (int b = 0; b < p.length; b++) {
                int i = order[from + b];
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (p[b][k] > p[b][best]) {
                        best = k;
                    }
                }
                predicted[i] = best;
                confidence[i] = p[b][best];
                gold[i] = data.label(i);
                lossSum -= Math.log(Math.max(p[b][gold[i]], 1e-30f));
            }
        }
        return new Result(n == 0 ? Double.NaN : lossSum / n, predicted, confidence, gold,
                ClassificationMetrics.of(gold, predicted, classes));
    }
}
