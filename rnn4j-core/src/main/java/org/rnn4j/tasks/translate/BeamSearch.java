package org.rnn4j.tasks.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam-search decoding of one source sentence: K hypotheses are extended in parallel (as a batch of K);
 * at each step every live hypothesis k with log-probability score σ_k proposes every word w with score
 * σ_k + log p(w | hypothesis k), the 2K best proposals are taken in order, and of these a {@code </s>} among the
 * first K ends a hypothesis (it is set aside as finished) while the others continue, K at most. The search
 * stops when K hypotheses have finished, none is live, or after {@code maxLength} words. The answer is the
 * finished (or, if none finished, live) hypothesis of the highest σ / lp(n), with Wu et al.'s length penalty
 * lp(n) = ((5 + n) / 6)^α over its n tokens (the {@code </s>} included); α = 0 compares raw log-probabilities.
 * With K = 1 this is greedy decoding.
 */
public final class BeamSearch {
    private BeamSearch() {
    }

    private record Hypothesis(int[] tokens, double score) {
    }

    public static List<String> decode(Translator model, List<String> source, int beam, int maxLength, double alpha) {
        if (beam < 1) {
            throw new IllegalArgumentException("the beam must hold at least one hypothesis");
        }
        Translator.DecodingState start = model.startDecoding(TranslationBatch.sources(List.of(source),
                model.sourceVocabulary()));
        Translator.DecodingState s = start.replicate(beam);
        int v = model.targetVocabulary().size();
        int endId = model.endId();
        List<Hypothesis> live = new ArrayList<>(List.of(new Hypothesis(new int[0], 0)));
        List<Hypothesis> finished = new ArrayList<>();
        int[] prev = new int[beam];
        Arrays.fill(prev, model.startId());
        double[] logp = new double[v];
        for (int step = 0; step < maxLength && !live.isEmpty() && finished.size() < beam; step++) {
            float[] logits = model.decodeStep(s, prev);
            // the 2K best (score, hypothesis, word) proposals
            int want = Math.min(2 * beam, live.size() * v);
            double[] bestScore = new double[want];
            int[] bestHyp = new int[want];
            int[] bestWord = new int[want];
            Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
            for (int k = 0; k < live.size(); k++) {
                logSoftmax(logits, k * v, v, logp);
                double base = live.get(k).score();
                for (int w = 0; w < v; w++) {
                    double sc = base + logp[w];
                    if (sc > bestScore[want - 1]) {
                        int i = want - 1;
                        while (i > 0 && bestScore[i - 1] < sc) {
                            bestScore[i] = bestScore[i - 1];
                            bestHyp[i] = bestHyp[i - 1];
                            bestWord[i] = bestWord[i - 1];
                            i--;
                        }
                        bestScore[i] = sc;
                        bestHyp[i] = k;
                        bestWord[i] = w;
                    }
                }
            }
            List<Hypothesis> next = new ArrayList<>();
            int[] parents = new int[beam];
            for (int i = 0; i < want && next.size() < beam; i++) {
                if (bestScore[i] == Double.NEGATIVE_INFINITY) {
                    break;
                }
                int[] tokens = Arrays.copyOf(live.get(bestHyp[i]).tokens(), live.get(bestHyp[i]).tokens().length + 1);
                tokens[tokens.length - 1] = bestWord[i];
                Hypothesis h = new Hypothesis(tokens, bestScore[i]);
                if (bestWord[i] == endId) {
                    if (i < beam) {
                        finished.add(h);
                    }
                } else {
                    parents[next.size()] = bestHyp[i];
                    prev[next.size()] = bestWord[i];
                    next.add(h);
                }
            }
            s.reorder(s.state, parents);
            live = next;
        }
        List<Hypothesis> pool = finished.isEmpty() ? live : finished;
        Hypothesis best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Hypothesis h : pool) {
            double value = h.score() / Math.pow((5.0 + h.tokens().length) / 6.0, alpha);
            if (best == null || value > bestValue) {
                best = h;
                bestValue = value;
            }
        }
        List<String> out = new ArrayList<>();
        if (best != null) {
            for (int id : best.tokens()) {
                if (id != endId) {
                    out.add(model.targetVocabulary().token(id));
                }
            }
        }
        return out;
    }

    private static void logSoftmax(float[] logits, int off, int v, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int w = 0; w < v; w++) {
            max = Math.max(max, logits[off + w]);
        }
        double sum = 0;
        for (int w = 0; w < v; w++) {
            sum += Math.exp(logits[off + w] - max);
        }
        double log = max + Math.log(sum);
        for (int w = 0; w < v; w++) {
            out[w] = logits[off + w] - log;
        }
    }
}
