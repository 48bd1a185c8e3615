package org.rnn4j.tasks.translate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.nn.CellType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranslatorTest {
    @TempDir
    Path tmp;

    static PairCorpus.Pair p(String fr, String en) {
        return new PairCorpus.Pair(Arrays.asList(fr.split(" ")), Arrays.asList(en.split(" ")));
    }

    static final List<PairCorpus.Pair> DATA = List.of(
            p("je suis fatigué .", "i am tired ."),
            p("il est grand", "he is tall"),
            p("nous sommes ici !", "we are here !"),
            p("elle est très heureuse aujourd'hui .", "she is very happy today ."),
            p("tu es gentil", "you are kind"));

    static TranslateTrainer.Config config(CellType cell, int epochs) {
        return new TranslateTrainer.Config(new Translator.Architecture(cell, 8, 6), epochs, 2, 0.01, 1.0, 5, 0f, 1, 7);
    }

    /** The loss of a padded batch is the token-weighted mean of each pair's loss alone. */
    @Test
    void paddedBatchLossIsTheMeanOfEachPairsLoss() {
        for (CellType cell : new CellType[] {CellType.GRU, CellType.LSTM}) {
            Translator m = TranslateTrainer.newModel(DATA, config(cell, 1), null);
            double sum = 0;
            long tokens = 0;
            for (PairCorpus.Pair pair : DATA) {
                sum += m.loss(m.batch(List.of(pair))) * (pair.target().size() + 1);
                tokens += pair.target().size() + 1;
            }
            assertEquals(sum / tokens, m.loss(m.batch(DATA)), 1e-5, cell.id());
        }
    }

    /** Greedy decoding of a batch equals greedy decoding of each source alone, and beam 1 equals greedy. */
    @Test
    void learnsTinySetAndDecodesItGreedyAndWithBeams() throws IOException {
        Path out = tmp.resolve("t.safetensors");
        TranslateTrainer.Result r = TranslateTrainer.train(DATA, config(CellType.LSTM, 150), out, line -> { });
        assertTrue(r.trainLoss() < 0.2 * r.firstTrainLoss(), r.trainLoss() + " vs " + r.firstTrainLoss());
        Translator m = TranslatorFile.load(out);
        List<List<String>> sources = DATA.stream().map(PairCorpus.Pair::source).toList();
        List<List<String>> greedy = m.greedy(sources, 20);
        TranslationEvaluation.Result bleu = TranslationEvaluation.bleu(m, DATA, 3, 0.6);
        assertTrue(bleu.bleu() > 80, "BLEU on the training pairs " + bleu.bleu());
        for (int i = 0; i < DATA.size(); i++) {
            assertEquals(greedy.get(i), m.greedy(List.of(sources.get(i)), 20).get(0));
            assertEquals(greedy.get(i), BeamSearch.decode(m, sources.get(i), 1, 20, 0));
        }
        // a wider beam gives the same answer on a model that has just decoded a larger batch as on a fresh one
        for (int i = 0; i < DATA.size(); i++) {
            List<String> fresh = BeamSearch.decode(TranslatorFile.load(out), sources.get(i), 4, 20, 0.6);
            m.greedy(sources, 20);
            assertEquals(fresh, BeamSearch.decode(m, sources.get(i), 4, 20, 0.6), "pair " + i);
            assertEquals(DATA.get(i).target(), fresh, "pair " + i);
        }
    }
}
