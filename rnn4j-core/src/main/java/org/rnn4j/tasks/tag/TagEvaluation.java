package org.rnn4j.tasks.tag;

import java.util.ArrayList;
import java.util.List;

/**
 * Tagging accuracy over a set of sentences: the fraction of words whose predicted tag is the gold tag, over all
 * words and over the out-of-vocabulary words (whose lower-cased form is not in the tagger's word vocabulary,
 * which was built from the training split), plus the accuracy of always answering the most frequent gold tag
 * (the baseline a tagger must beat).
 */
public final class TagEvaluation {
    public record Result(long words, long correct, long oovWords, long oovCorrect, String majorityTag,
                         long majorityCount) {
        public double accuracy() { return words == 0 ? Double.NaN : (double) correct / words; }
        public double oovAccuracy() { return oovWords == 0 ? Double.NaN : (double) oovCorrect / oovWords; }
        public double majorityAccuracy() { return words == 0 ? Double.NaN : (double) majorityCount / words; }
    }

    private TagEvaluation() {
    }

    public static Result evaluate(Tagger tagger, List<ConllU.Sentence> sentences, int batchSize) {
        tagger.setTraining(false);
        long words = 0;
        long correct = 0;
        long oov = 0;
        long oovCorrect = 0;
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (int start = 0; start < sentences.size(); start += batchSize) {
            List<ConllU.Sentence> part = sentences.subList(start, Math.min(sentences.size(), start + batchSize));
            List<List<String>> ws = new ArrayList<>();
            for (ConllU.Sentence s : part) {
                ws.add(s.words());
            }
            int[][] predicted = tagger.predict(tagger.batch(ws, null, null));
            for (int j = 0; j < part.size(); j++) {
                ConllU.Sentence s = part.get(j);
                for (int t = 0; t < s.size(); t++) {
                    boolean ok = tagger.tags().get(predicted[j][t]).equals(s.tags().get(t));
                    boolean unknown = !tagger.words().contains(TagBatch.wordKey(s.words().get(t)));
                    words++;
                    correct += ok ? 1 : 0;
                    oov += unknown ? 1 : 0;
                    oovCorrect += unknown && ok ? 1 : 0;
                    counts.merge(s.tags().get(t), 1L, Long::sum);
                }
            }
        }
        String majority = null;
        long majorityCount = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > majorityCount || (e.getValue() == majorityCount && e.getKey().compareTo(majority) < 0)) {
                majority = e.getKey();
                majorityCount = e.getValue();
            }
        }
        return new Result(words, correct, oov, oovCorrect, majority, majorityCount);
    }
}
