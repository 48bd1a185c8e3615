package org.rnn4j.longlag;

/** A model's score on a task's test set: the mean loss and, for classifications, the accuracy (else NaN). */
public record TaskScore(double loss, double accuracy) {

    /**
     * Runs the model over the whole test set. Losses are weighted by each batch's size; the accuracy counts the
     * scored predictions (the last step, or for the copy task the recalled symbols).
     */
    public static TaskScore of(LongLagModel model, SequenceTask task, java.util.List<Batch> testSet) {
        double lossSum = 0;
        long sequences = 0;
        long right = 0;
        long scored = 0;
        int k = model.outputSize();
        for (Batch b : testSet) {
            lossSum += model.forward(b) * b.size();
            sequences += b.size();
            if (model.objective() == Objective.REGRESSION_LAST_STEP) {
                continue;
            }
            float[] y = model.outputs();
            int firstRow = model.objective() == Objective.CLASSIFY_EVERY_STEP ? task.firstScoredStep() * b.size() : 0;
            int rows = model.objective() == Objective.CLASSIFY_EVERY_STEP ? b.steps() * b.size() : b.size();
            for (int r = firstRow; r < rows; r++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (y[r * k + c] > y[r * k + best]) {
                        best = c;
                    }
                }
                right += best == b.classes()[r] ? 1 : 0;
                scored++;
            }
        }
        return new TaskScore(lossSum / sequences, scored == 0 ? Double.NaN : (double) right / scored);
    }
}
