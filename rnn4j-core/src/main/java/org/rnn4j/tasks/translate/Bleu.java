package org.rnn4j.tasks.translate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-4 (Papineni et al. 2002) with one reference per sentence. For n = 1..4 the modified precision
 * p_n = Σ_sentences Σ_ngram min(count_hyp, count_ref) / Σ_sentences (number of hypothesis n-grams); with c the
 * total hypothesis length and r the total reference length, the brevity penalty BP = 1 if c > r, else
 * exp(1 − r/c); BLEU = BP · exp(Σ_n ¼ log p_n). No smoothing: BLEU is 0 when some p_n is 0 (or c is 0).
 * Reported on a 0–100 scale by {@link #score()}.
 */
public final class Bleu {
    public static final int MAX_N = 4;

    private final long[] matches = new long[MAX_N];
    private final long[] totals = new long[MAX_N];
    private long hypothesisLength;
    private long referenceLength;

    /** Adds one sentence's counts. */
    public void add(List<String> hypothesis, List<String> reference) {
        hypothesisLength += hypothesis.size();
        referenceLength += reference.size();
        for (int n = 1; n <= MAX_N; n++) {
            Map<List<String>, Integer> ref = ngrams(reference, n);
            Map<List<String>, Integer> hyp = ngrams(hypothesis, n);
            for (Map.Entry<List<String>, Integer> e : hyp.entrySet()) {
                matches[n - 1] += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
            }
            totals[n - 1] += Math.max(0, hypothesis.size() - n + 1);
        }
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            out.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return out;
    }

    /** p_n, the modified n-gram precision over the corpus (NaN when there is no hypothesis n-gram). */
    public double precision(int n) {
        return totals[n - 1] == 0 ? Double.NaN : (double) matches[n - 1] / totals[n - 1];
    }

    public double brevityPenalty() {
        if (hypothesisLength == 0) {
            return 0;
        }
        return hypothesisLength > referenceLength ? 1 : Math.exp(1 - (double) referenceLength / hypothesisLength);
    }

    /** BLEU in [0, 1]. */
    public double bleu() {
        double logSum = 0;
        for (int n = 1; n <= MAX_N; n++) {
            if (totals[n - 1] == 0 || matches[n - 1] == 0) {
                return 0;
            }
            logSum += Math.log((double) matches[n - 1] / totals[n - 1]) / MAX_N;
        }
        return brevityPenalty() * Math.exp(logSum);
    }

    /** BLEU × 100. */
    public double score() {
        return 100 * bleu();
    }

    public long hypothesisLength() { return hypothesisLength; }
    public long referenceLength() { return referenceLength; }
}
