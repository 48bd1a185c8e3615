package org.rnn4j.tasks.translate;

import org.rnn4j.math.Rng;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.DivergedException;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.tasks.LengthBuckets;
import org.rnn4j.text.WordVocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains a {@link Translator} with teacher forcing: vocabularies from the training pairs only (words seen at
 * least {@code minCount} times; the target's with {@code <s>} and {@code </s>}); each epoch the pairs are
 * shuffled, grouped into batches of similar source length, the batches shuffled; Adam with global-norm
 * clipping, the learning rate multiplied by {@code lrDecay} after every epoch. The model of the last epoch is
 * saved when training ends (the held-out pairs are not used to choose it). A loss that becomes NaN or infinite
 * stops training with a {@link DivergedException}, and nothing is saved.
 */
public final class TranslateTrainer {
    public record Config(Translator.Architecture architecture, int epochs, int batchSize, double learningRate,
                         double lrDecay, double gradClip, float dropout, int minCount, long seed) {
    }

    public record Result(Translator model, double trainLoss, double firstTrainLoss, int epochs, double seconds) {
    }

    private TranslateTrainer() {
    }

    public static Translator newModel(List<PairCorpus.Pair> train, Config c, Rng dropoutRng) {
        List<List<String>> src = new ArrayList<>();
        List<List<String>> tgt = new ArrayList<>();
        for (PairCorpus.Pair p : train) {
            src.add(p.source());
            tgt.add(p.target());
        }
        WordVocabulary sv = WordVocabulary.build(src, c.minCount(), 0, List.of());
        WordVocabulary tv = WordVocabulary.build(tgt, c.minCount(), 0, List.of(Translator.START, Translator.END));
        Translator model = new Translator(c.architecture(), sv, tv, c.dropout(), dropoutRng);
        model.initialize(new Rng(c.seed()));
        return model;
    }

    public static Result train(List<PairCorpus.Pair> train, Config c, Path output, Consumer<String> log)
            throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        long start = System.nanoTime();
        Rng rng = new Rng(c.seed() + 1);
        Translator model = newModel(train, c, new Rng(c.seed() + 2));
        Adam adam = new Adam(model.parameters(), c.learningRate());
        double lastLoss = Double.NaN;
        double firstLoss = Double.NaN;
        long update = 0;
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            model.setTraining(true);
            double sum = 0;
            long tokens = 0;
            for (List<PairCorpus.Pair> part : LengthBuckets.batches(train, c.batchSize(), p -> p.source().size(), rng)) {
                TranslationBatch b = model.batch(part);
                model.parameters().zeroGrad();
                double loss = model.trainStep(b);
                update++;
                if (!Double.isFinite(loss)) {
                    throw new DivergedException("the training loss became " + loss + " at epoch " + epoch
                            + ", update " + update + "; no model written (try a lower --learning-rate or --grad-clip)");
                }
                if (c.gradClip() > 0) {
                    GradientClipping.clipGlobalNorm(model.parameters(), c.gradClip());
                }
                adam.step();
                long n = 0;
                for (int len : b.targetLengths) {
                    n += len;
                }
                sum += loss * n;
                tokens += n;
            }
            lastLoss = sum / tokens;
            // the last update of an epoch can overflow the weights with a finite loss: no such model is kept
            DivergedException.checkWeights(model.parameters(), "in epoch " + epoch, "no model written");
            if (epoch == 1) {
                firstLoss = lastLoss;
            }
            log.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f nats/token, lr %.2e (%.0f s)",
                    epoch, c.epochs(), lastLoss, adam.learningRate(), (System.nanoTime() - start) * 1e-9));
            adam.setLearningRate(adam.learningRate() * c.lrDecay());
        }
        TranslatorFile.save(model, output);
        model.setTraining(false);
        return new Result(model, lastLoss, firstLoss, c.epochs(), (System.nanoTime() - start) * 1e-9);
    }
}
