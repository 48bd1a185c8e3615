package org.rnn4j.longlag;

import org.rnn4j.math.Rng;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.RmsProp;
import org.rnn4j.optim.Sgd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a {@link LongLagModel} on fresh batches of a task until the test score counts as solved or a budget
 * of training sequences is spent, testing every {@code evalEvery} sequences. The result says after how many
 * training sequences the task was first solved: the number the tables of Hochreiter &amp; Schmidhuber (1997) and
 * Le et al. (2015) compare.
 */
public final class LongLagTrainer {
    /** How to train. {@code optimizer}: adam, rmsprop or sgd; gradClip 0 = off. */
    public record Settings(int batchSize, String optimizer, double learningRate, double gradClip,
                           long maxSequences, long evalEvery, long seed) {
        public Settings {
            if (batchSize <= 0 || maxSequences <= 0 || evalEvery <= 0) {
                throw new IllegalArgumentException("batch size, budget and test interval must be positive");
            }
            if (!(learningRate > 0) || !(gradClip >= 0)) {
                throw new IllegalArgumentException("the learning rate must be positive and the clip norm ≥ 0");
            }
        }
    }

    /** One test: after {@code sequences} training sequences, the mean training loss since the last test and the test score. */
    public record Progress(long sequences, double trainLoss, TaskScore test, double seconds) {
    }

    /**
     * @param solvedAfter training sequences seen when the test first counted as solved, or -1
     * @param diverged    whether training stopped on a NaN or infinite loss
     */
    public record Result(long solvedAfter, boolean diverged, List<Progress> history, double seconds) {
        public boolean solved() {
            return solvedAfter >= 0;
        }

        public Progress last() {
            return history.get(history.size() - 1);
        }
    }

    private LongLagTrainer() {
    }

    public static Optimizer optimizer(String name, org.rnn4j.nn.Parameters params, double lr) {
        switch (name) {
            case "adam":
                return new Adam(params, lr);
            case "rmsprop":
                return new RmsProp(params, lr);
            case "sgd":
                return new Sgd(params, lr);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected adam, rmsprop or sgd)");
        }
    }

    public static Result train(LongLagModel model, SequenceTask task, Settings s, Consumer<Progress> listener) {
        Optimizer optimizer = optimizer(s.optimizer(), model.parameters(), s.learningRate());
        Rng data = new Rng(s.seed());
        List<Batch> testSet = task.testSet(Math.max(s.batchSize(), 100));
        List<Progress> history = new ArrayList<>();
        long start = System.nanoTime();
        long seen = 0;
        long nextTest = s.evalEvery();
        double lossSum = 0;
        long lossCount = 0;
        while (seen < s.maxSequences()) {
            int size = (int) Math.min(s.batchSize(), s.maxSequences() - seen);
            Batch batch = task.trainingBatch(size, data);
            model.parameters().zeroGrad();
            double loss = model.forward(batch);
            if (!Double.isFinite(loss)) {
                history.add(new Progress(seen, loss, new TaskScore(Double.NaN, Double.NaN), elapsed(start)));
                return new Result(-1, true, history, elapsed(start));
            }
            model.backward();
            if (s.gradClip() > 0) {
                GradientClipping.clipGlobalNorm(model.parameters(), s.gradClip());
            }
            optimizer.step();
            seen += size;
            lossSum += loss * size;
            lossCount += size;
            if (seen >= nextTest || seen >= s.maxSequences()) {
                nextTest += s.evalEvery();
                TaskScore score = TaskScore.of(model, task, testSet);
                Progress p = new Progress(seen, lossSum / lossCount, score, elapsed(start));
                lossSum = 0;
                lossCount = 0;
                history.add(p);
                if (listener != null) {
                    listener.accept(p);
                }
                if (task.solved(score.loss(), score.accuracy())) {
                    return new Result(seen, false, history, elapsed(start));
                }
            }
        }
        return new Result(-1, false, history, elapsed(start));
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }
}
