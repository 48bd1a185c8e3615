package org.rnn4j.tasks.generate;

import org.rnn4j.math.Rng;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.tasks.BestParameters;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.tasks.classify.ClassifierTrainer;
import org.rnn4j.tasks.classify.LabeledText;
import org.rnn4j.tasks.classify.TokenSequences;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mini-batch training of a {@link NameGenerator} with Adam, batches made as {@link ClassifierTrainer} makes them
 * (similar lengths together), gradients clipped to a global norm, the learning rate multiplied by
 * {@code lrDecay} after each epoch; the parameters of the epoch with the lowest validation NLL are kept.
 */
public final class GeneratorTrainer {
    /** How to train. */
    public record Config(int epochs, int batchSize, double learningRate, double lrDecay, double gradClip, long seed) {
        public Config {
            if (epochs <= 0 || batchSize <= 0 || !(learningRate > 0) || !(lrDecay > 0) || gradClip < 0) {
                throw new IllegalArgumentException("epochs, batch size, learning rate and decay must be positive");
            }
        }
    }

    /** What one epoch did: mean NLL per predicted character on the training and validation names. */
    public record Epoch(int epoch, double trainLoss, NegativeLogLikelihood validation, double seconds) {
    }

    /** Mean NLL per predicted character (each name's characters and its end), and per name, in nats. */
    public record NegativeLogLikelihood(double perCharacter, double perName, long characters, int names) {
    }

    /** Called after each epoch. */
    public interface Listener {
        void epoch(Epoch e);
    }

    private GeneratorTrainer() {
    }

    /** The names of a split as the generator's input sequences, labelled by language. */
    public static TokenSequences encode(NameGenerator model, LabeledText names) {
        if (!names.classes().equals(model.languages())) {
            throw new IllegalArgumentException("the data's languages are not the model's");
        }
        List<int[]> seqs = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            seqs.add(model.encode(names.texts().get(i), names.labels().get(i)));
        }
        return new TokenSequences(seqs, names.labelArray());
    }

    public static List<Epoch> train(NameGenerator model, TokenSequences train, TokenSequences validation,
                                    Config config, Listener listener) {
        Rng rng = new Rng(config.seed() ^ 0x5DEECE66DL);
        Optimizer optimizer = new Adam(model.parameters(), config.learningRate());
        List<Epoch> epochs = new ArrayList<>();
        BestParameters best = BestParameters.lowest(model.parameters());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            model.setTraining(true);
            double lossSum = 0;
            long predicted = 0;
            for (int[] indices : ClassifierTrainer.batches(train, config.batchSize(), rng)) {
                SequenceBatch batch = train.batch(indices, 0, indices.length);
                model.parameters().zeroGrad();
                double loss = model.trainStep(batch);
                if (config.gradClip() > 0) {
                    GradientClipping.clipGlobalNorm(model.parameters(), config.gradClip());
                }
                optimizer.step();
                long n = Arrays.stream(batch.lengths()).sum();
                lossSum += loss * n;
                predicted += n;
            }
            NegativeLogLikelihood val = nll(model, validation);
            Epoch e = new Epoch(epoch, lossSum / predicted, val, (System.nanoTime() - start) * 1e-9);
            epochs.add(e);
            best.offer(val.perCharacter());
            if (listener != null) {
                listener.epoch(e);
            }
            optimizer.setLearningRate(optimizer.learningRate() * config.lrDecay());
        }
        best.restore();
        model.setTraining(false);
        return epochs;
    }

    /** The epoch whose parameters were kept. */
    public static Epoch bestEpoch(List<Epoch> epochs) {
        Epoch best = epochs.get(0);
        for (Epoch e : epochs) {
            if (e.validation().perCharacter() < best.validation().perCharacter()) {
                best = e;
            }
        }
        return best;
    }

    /** The model's NLL of a set of names (no dropout). */
    public static NegativeLogLikelihood nll(NameGenerator model, TokenSequences data) {
        model.setTraining(false);
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double total = 0;
        long chars = 0;
        for (int from = 0; from < n; from += 256) {
            int to = Math.min(n, from + 256);
            SequenceBatch batch = data.batch(order, from, to);
            long count = Arrays.stream(batch.lengths()).sum();
            total += model.loss(batch) * count;
            chars += count;
        }
        return new NegativeLogLikelihood(total / chars, total / n, chars, n);
    }
}
