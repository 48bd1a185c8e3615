package org.rnn4j.tasks.classify;

import org.rnn4j.math.Rng;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.tasks.BestParameters;
import org.rnn4j.tasks.ParameterAverage;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.text.WordVocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Mini-batch training of a {@link SequenceClassifier} with Adam: each epoch shuffles the training set, groups it
 * into pools of 50 batches sorted by length (so that a batch pads little), and visits the batches in random
 * order; with word dropout, each token of a training batch is replaced by the unknown token with probability p
 * (so that the model learns what to make of words it has not seen); gradients are clipped to a global norm; the learning rate is multiplied by {@code lrDecay} after each
 * epoch. With an average decay d &gt; 0, an exponential moving average of the parameters over the steps
 * ({@link ParameterAverage}) is what is validated and kept: the model a run ends with is an average, not the last
 * step's noisy point. After each epoch the model (or its average) is evaluated on the validation set, and the
 * parameters of the epoch with the best validation accuracy are the ones kept at the end (early stopping by model
 * selection).
 */
public final class ClassifierTrainer {
    /** How to train. */
    public record Config(int epochs, int batchSize, double learningRate, double lrDecay, double gradClip,
                         double weightDecay, double wordDropout, double averageDecay, long seed) {
        public Config {
            if (epochs <= 0 || batchSize <= 0 || !(learningRate > 0) || !(lrDecay > 0) || gradClip < 0
                    || weightDecay < 0) {
                throw new IllegalArgumentException("epochs, batch size, learning rate and decay must be positive");
            }
            if (!(wordDropout >= 0 && wordDropout < 1)) {
                throw new IllegalArgumentException("word dropout must be in [0, 1)");
            }
            if (!(averageDecay >= 0 && averageDecay < 1)) {
                throw new IllegalArgumentException("the average decay must be in [0, 1) (0 = no averaging)");
            }
        }

        /** Without parameter averaging. */
        public Config(int epochs, int batchSize, double learningRate, double lrDecay, double gradClip,
                      double weightDecay, double wordDropout, long seed) {
            this(epochs, batchSize, learningRate, lrDecay, gradClip, weightDecay, wordDropout, 0, seed);
        }
    }

    /**
     * What one epoch did: {@code validation} is of the parameters that would be kept (the average, when
     * averaging); {@code liveValidation}, only when averaging (else null), is of the last step's parameters, for
     * comparison.
     */
    public record Epoch(int epoch, double trainLoss, ClassifierEvaluation.Result validation, double seconds,
                        ClassifierEvaluation.Result liveValidation) {
    }

    /** Called as training goes. */
    public interface Listener {
        void update(int epoch, long step, double loss);

        void epoch(Epoch e);
    }

    private static final int POOL = 50;
    /** Sequences per batch when the trainer scores the validation set after each epoch. */
    public static final int VALIDATION_BATCH = 256;

    private ClassifierTrainer() {
    }

    /** Trains the model in place; returns every epoch, the best (kept) one marked by {@link #bestEpoch}. */
    public static List<Epoch> train(SequenceClassifier model, ClassificationData train, ClassificationData validation,
                                    Config config, Listener listener) {
        Rng rng = new Rng(config.seed() ^ 0x5DEECE66DL);
        Optimizer optimizer = new Adam(model.parameters(), config.learningRate(), 0.9, 0.999, 1e-8,
                config.weightDecay(), false);
        List<Epoch> epochs = new ArrayList<>();
        BestParameters best = BestParameters.highest(model.parameters());
        ParameterAverage average = config.averageDecay() > 0
                ? new ParameterAverage(model.parameters(), config.averageDecay()) : null;
        long step = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            model.setTraining(true);
            List<int[]> batches = batches(train, config.batchSize(), rng);
            double lossSum = 0;
            int examples = 0;
            for (int[] indices : batches) {
                SequenceBatch batch = train.batch(indices, 0, indices.length);
                if (config.wordDropout() > 0 && batch.ids() != null) {
                    dropWords(batch, config.wordDropout(), rng);
                }
                model.parameters().zeroGrad();
                double loss = model.trainStep(batch);
                if (config.gradClip() > 0) {
                    GradientClipping.clipGlobalNorm(model.parameters(), config.gradClip());
                }
                optimizer.step();
                if (average != null) {
                    average.update();
                }
                step++;
                lossSum += loss * indices.length;
                examples += indices.length;
                if (listener != null) {
                    listener.update(epoch, step, loss);
                }
            }
            ClassifierEvaluation.Result live = null;
            if (average != null) {
                live = ClassifierEvaluation.evaluate(model, validation, VALIDATION_BATCH);
                average.swapIn();
            }
            ClassifierEvaluation.Result val = ClassifierEvaluation.evaluate(model, validation, VALIDATION_BATCH);
            Epoch e = new Epoch(epoch, lossSum / examples, val, (System.nanoTime() - start) * 1e-9, live);
            epochs.add(e);
            best.offer(val.metrics().accuracy());
            if (average != null) {
                average.swapOut();
            }
            if (listener != null) {
                listener.epoch(e);
            }
            optimizer.setLearningRate(optimizer.learningRate() * config.lrDecay());
        }
        best.restore();
        model.setTraining(false);
        return epochs;
    }

    /** Replaces each token (not padding) of the batch's own id array by the unknown token with probability p. */
    static void dropWords(SequenceBatch batch, double p, Rng rng) {
        int[] ids = batch.ids();
        for (int t = 0; t < batch.steps(); t++) {
            for (int b = 0; b < batch.batch(); b++) {
                if (t < batch.lengths()[b] && rng.nextDouble() < p) {
                    ids[t * batch.batch() + b] = WordVocabulary.UNK_ID;
                }
            }
        }
    }

    /** The epoch whose parameters were kept: the first with the best validation accuracy. */
    public static Epoch bestEpoch(List<Epoch> epochs) {
        Epoch best = epochs.get(0);
        for (Epoch e : epochs) {
            if (e.validation().metrics().accuracy() > best.validation().metrics().accuracy()) {
                best = e;
            }
        }
        return best;
    }

    /** One epoch's batches: shuffled, pooled, sorted by length within a pool, cut, and the batches shuffled. */
    public static List<int[]> batches(ClassificationData data, int batchSize, Rng rng) {
        int n = data.size();
        int[] order = permutation(n, rng);
        List<int[]> batches = new ArrayList<>();
        int pool = batchSize * POOL;
        for (int p = 0; p < n; p += pool) {
            Integer[] chunk = new Integer[Math.min(n, p + pool) - p];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = order[p + i];
            }
            Arrays.sort(chunk, Comparator.comparingInt(data::length));
            for (int b = 0; b < chunk.length; b += batchSize) {
                int[] batch = new int[Math.min(chunk.length, b + batchSize) - b];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = chunk[b + i];
                }
                batches.add(batch);
            }
        }
        for (int i = batches.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] t = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, t);
        }
        return batches;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public static int[] permutation(int n, Rng rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
