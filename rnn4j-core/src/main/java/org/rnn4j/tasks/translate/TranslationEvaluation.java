package org.rnn4j.tasks.translate;

import java.util.ArrayList;
import java.util.List;

/** Corpus BLEU of a translator's greedy or beam-search translations of held-out pairs, and its loss on them. */
public final class TranslationEvaluation {
    public record Result(double bleu, double[] precisions, double brevityPenalty, long hypothesisLength,
                         long referenceLength, int sentences, List<List<String>> translations) {
    }

    private TranslationEvaluation() {
    }

    /** The longest translation decoding may produce for a source of n tokens. */
    public static int maxLength(int sourceLength) {
        return 2 * sourceLength + 10;
    }

    /** @param beam 1: greedy, batched; more: beam search one sentence at a time */
    public static Result bleu(Translator model, List<PairCorpus.Pair> pairs, int beam, double alpha) {
        List<List<String>> hyps = new ArrayList<>();
        if (beam <= 1) {
            int batch = 64;
            for (int i = 0; i < pairs.size(); i += batch) {
                List<List<String>> sources = new ArrayList<>();
                int longest = 0;
                for (PairCorpus.Pair p : pairs.subList(i, Math.min(pairs.size(), i + batch))) {
                    sources.add(p.source());
                    longest = Math.max(longest, p.source().size());
                }
                hyps.addAll(model.greedy(sources, maxLength(longest)));
            }
        } else {
            for (PairCorpus.Pair p : pairs) {
                hyps.add(BeamSearch.decode(model, p.source(), beam, maxLength(p.source().size()), alpha));
            }
        }
        Bleu bleu = new Bleu();
        for (int i = 0; i < pairs.size(); i++) {
            bleu.add(hyps.get(i), pairs.get(i).target());
        }
        double[] p = new double[Bleu.MAX_N];
        for (int n = 1; n <= Bleu.MAX_N; n++) {
            p[n - 1] = bleu.precision(n);
        }
        return new Result(bleu.score(), p, bleu.brevityPenalty(), bleu.hypothesisLength(), bleu.referenceLength(),
                pairs.size(), hyps);
    }

    /** The mean cross-entropy per target token (nats) with teacher forcing. */
    public static double loss(Translator model, List<PairCorpus.Pair> pairs) {
        model.setTraining(false);
        double sum = 0;
        long tokens = 0;
        int batch = 64;
        for (int i = 0; i < pairs.size(); i += batch) {
            List<PairCorpus.Pair> part = pairs.subList(i, Math.min(pairs.size(), i + batch));
            TranslationBatch b = model.batch(part);
            long n = 0;
            for (int len : b.targetLengths) {
                n += len;
            }
            sum += model.loss(b) * n;
            tokens += n;
        }
        return sum / tokens;
    }
}
