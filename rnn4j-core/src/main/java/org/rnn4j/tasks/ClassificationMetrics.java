package org.rnn4j.tasks;

/**
 * Accuracy and F1 of predicted classes against gold ones. For class k, with tp, fp, fn counted over the set,
 * precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2·P·R / (P + R) (0 when tp = 0); macro-F1 is the
 * unweighted mean of F1 over the classes that occur in the gold labels or the predictions (scikit-learn's
 * {@code f1_score(average="macro")}).
 */
public record ClassificationMetrics(int count, int correct, double accuracy, double macroF1, double[] f1,
                                    int[] support) {

    public static ClassificationMetrics of(int[] gold, int[] predicted, int classes) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("gold and predicted differ in length");
        }
        int[] tp = new int[classes];
        int[] fp = new int[classes];
        int[] fn = new int[classes];
        int[] support = new int[classes];
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            support[gold[i]]++;
            if (gold[i] == predicted[i]) {
                correct++;
                tp[gold[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[gold[i]]++;
            }
        }
        double[] f1 = new double[classes];
        double sum = 0;
        int present = 0;
        for (int k = 0; k < classes; k++) {
            if (tp[k] + fp[k] + fn[k] == 0) {
                f1[k] = Double.NaN;
                continue;
            }
            f1[k] = tp[k] == 0 ? 0 : 2.0 * tp[k] / (2.0 * tp[k] + fp[k] + fn[k]);
            sum += f1[k];
            present++;
        }
        double accuracy = gold.length == 0 ? Double.NaN : (double) correct / gold.length;
        return new ClassificationMetrics(gold.length, correct, accuracy, present == 0 ? Double.NaN : sum / present,
                f1, support);
    }

    /** The share of the most frequent gold class: the accuracy of always guessing it. */
    public static double majorityShare(int[] gold, int classes) {
        int[] counts = new int[classes];
        int max = 0;
        for (int g : gold) {
            max = Math.max(max, ++counts[g]);
        }
        return gold.length == 0 ? Double.NaN : (double) max / gold.length;
    }
}
