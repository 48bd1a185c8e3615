package org.rnn4j.tasks.tag;

import org.rnn4j.math.Rng;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.DivergedException;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.tasks.BestParameters;
import org.rnn4j.tasks.LengthBuckets;
import org.rnn4j.text.WordVocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Trains a {@link Tagger}: vocabularies (lower-cased words seen at least {@code minCount} times, characters,
 * tags) from the training split only; each epoch the sentences are shuffled, grouped into batches of similar
 * length (little padding) and the batches shuffled; Adam with global-norm clipping, the learning rate
 * multiplied by {@code lrDecay} after every epoch; word dropout replaces a training word seen c times by the
 * unknown word with probability α / (α + c), so that the unknown word's embedding learns what rare words
 * look like. After every epoch the development split is tagged, and the best parameters so far are kept; they
 * are saved when training ends. A loss that becomes NaN or infinite stops training with a
 * {@link DivergedException}, and nothing is saved.
 */
public final class TagTrainer {
    public record Config(Tagger.Architecture architecture, int epochs, int batchSize, double learningRate,
                         double lrDecay, double gradClip, float dropout, double wordDropout, int minCount,
                         long seed) {
    }

    public record Result(Tagger tagger, int bestEpoch, double bestDevAccuracy, double lastTrainLoss,
                         int epochs, double seconds) {
    }

    private TagTrainer() {
    }

    /** Builds a tagger for the training sentences: vocabularies from them only, initialised from the seed. */
    public static Tagger newTagger(List<ConllU.Sentence> train, Config c, Rng dropoutRng) {
        List<List<String>> keys = new ArrayList<>();
        List<List<String>> spellings = new ArrayList<>();
        TreeSet<String> tagSet = new TreeSet<>();
        for (ConllU.Sentence s : train) {
            List<String> k = new ArrayList<>();
            for (String w : s.words()) {
                k.add(TagBatch.wordKey(w));
                List<String> cs = new ArrayList<>();
                w.codePoints().forEach(cp -> cs.add(new String(Character.toChars(cp))));
                spellings.add(cs);
            }
            keys.add(k);
            tagSet.addAll(s.tags());
        }
        WordVocabulary words = WordVocabulary.build(keys, c.minCount(), 0, List.of());
        WordVocabulary chars = WordVocabulary.build(spellings, 1, 0, List.of());
        Tagger tagger = new Tagger(c.architecture(), words, chars, new ArrayList<>(tagSet), c.dropout(), dropoutRng);
        tagger.initialize(new Rng(c.seed()));
        return tagger;
    }

    /**
     * @param output where the best model is saved (after each epoch that improves the development accuracy)
     * @param log    receives one progress line per epoch
     */
    public static Result train(List<ConllU.Sentence> train, List<ConllU.Sentence> dev, Config c, Path output,
                               Consumer<String> log) throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sentences");
        }
        long start = System.nanoTime();
        Rng rng = new Rng(c.seed() + 1);
        Tagger tagger = newTagger(train, c, new Rng(c.seed() + 2));
        Map<String, Integer> counts = new HashMap<>();
        for (ConllU.Sentence s : train) {
            for (String w : s.words()) {
                counts.merge(TagBatch.wordKey(w), 1, Integer::sum);
            }
        }
        Adam adam = new Adam(tagger.parameters(), c.learningRate());
        double bestDev = -1;
        int bestEpoch = 0;
        double lastLoss = Double.NaN;
        long update = 0;
        BestParameters best = BestParameters.highest(tagger.parameters());
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            tagger.setTraining(true);
            double lossSum = 0;
            long lossWords = 0;
            for (List<ConllU.Sentence> part : LengthBuckets.batches(train, c.batchSize(), ConllU.Sentence::size, rng)) {
                List<List<String>> ws = new ArrayList<>();
                List<List<String>> ts = new ArrayList<>();
                int[][] ids = new int[part.size()][];
                for (int j = 0; j < part.size(); j++) {
                    ConllU.Sentence s = part.get(j);
                    ws.add(s.words());
                    ts.add(s.tags());
                    ids[j] = new int[s.size()];
                    for (int t = 0; t < s.size(); t++) {
                        String key = TagBatch.wordKey(s.words().get(t));
                        int count = counts.getOrDefault(key, 0);
                        boolean drop = c.wordDropout() > 0
                                && rng.nextDouble() < c.wordDropout() / (c.wordDropout() + count);
                        ids[j][t] = drop ? WordVocabulary.UNK_ID : tagger.words().id(key);
                    }
                }
                TagBatch b = tagger.batch(ws, ts, ids);
                tagger.parameters().zeroGrad();
                double loss = tagger.trainStep(b);
                update++;
                if (!Double.isFinite(loss)) {
                    throw new DivergedException("the training loss became " + loss + " at epoch " + epoch
                            + ", update " + update + "; no model written (try a lower --learning-rate or --grad-clip)");
                }
                if (c.gradClip() > 0) {
                    GradientClipping.clipGlobalNorm(tagger.parameters(), c.gradClip());
                }
                adam.step();
                int n = 0;
                for (int len : b.lengths) {
                    n += len;
                }
                lossSum += loss * n;
                lossWords += n;
            }
            lastLoss = lossSum / lossWords;
            // the last update of an epoch can overflow the weights with a finite loss: no such model is kept
            DivergedException.checkWeights(tagger.parameters(), "in epoch " + epoch, "no model written");
            String devText = "";
            if (dev != null && !dev.isEmpty()) {
                TagEvaluation.Result r = TagEvaluation.evaluate(tagger, dev, 64);
                devText = String.format(java.util.Locale.ROOT, ", dev accuracy %.2f%% (OOV %.2f%%)",
                        100 * r.accuracy(), 100 * r.oovAccuracy());
                if (r.accuracy() > bestDev) {
                    bestDev = r.accuracy();
                    bestEpoch = epoch;
                    best.offer(r.accuracy());   // kept in memory: --output is written once, when training has ended
                }
            } else {
                bestEpoch = epoch;
                best.offer(epoch);
            }
            log.accept(String.format(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f, lr %.2e%s (%.0f s)",
                    epoch, c.epochs(), lastLoss, adam.learningRate(), devText, (System.nanoTime() - start) * 1e-9));
            adam.setLearningRate(adam.learningRate() * c.lrDecay());
        }
        if (bestEpoch > 0) {
            best.restore();
        }
        TaggerFile.save(tagger, output);
        return new Result(TaggerFile.load(output), bestEpoch, bestDev, lastLoss, c.epochs(), (System.nanoTime() - start) * 1e-9);
    }
}
