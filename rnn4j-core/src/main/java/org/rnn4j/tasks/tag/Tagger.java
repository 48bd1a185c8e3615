package org.rnn4j.tasks.tag;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tasks.Dropout;
import org.rnn4j.text.WordVocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A part-of-speech tagger, one tag per word (synced many-to-many): each word is represented by a learned
 * embedding of its lower-cased form and, when {@code charHidden > 0}, the final states of a bidirectional
 * character LSTM over its spelling ({@link WordFeatures}); a bidirectional LSTM of L layers reads the sentence,
 * and a linear layer maps each step's output [h→_t ; h←_t] to tag scores; softmax cross-entropy trains it.
 * Dropout is applied to the LSTM's input and output while training. As the PyTorch module
 * <pre>
 *   word_embedding = nn.Embedding(V, E); char_embedding = nn.Embedding(C, Ec)
 *   char_rnn = nn.LSTM(Ec, Hc, bidirectional=True); rnn = nn.LSTM(E + 2Hc, H, L, bidirectional=True)
 *   output = nn.Linear(2H, K)
 * </pre>
 * would name its parameters. Sequences are time-major (T, B) and padded; the backward direction of each
 * sentence (and of each word's spelling) starts at its own end.
 */
public final class Tagger {
    /** The shape of a tagger: what a model file's metadata records. */
    public record Architecture(int wordEmbedding, int charEmbedding, int charHidden, int hidden, int layers) {
        public Architecture {
            if (wordEmbedding <= 0 || hidden <= 0 || layers <= 0 || charHidden < 0
                    || (charHidden > 0 && charEmbedding <= 0)) {
                throw new IllegalArgumentException("sizes must be positive (the character RNN may be 0: none)");
            }
        }
    }

    private final Architecture arch;
    private final WordVocabulary words;
    private final WordVocabulary chars;
    private final List<String> tags;
    private final Map<String, Integer> tagIds = new HashMap<>();
    private final Parameters params = new Parameters();
    private final Embedding wordEmbedding;
    private final Embedding charEmbedding;
    private final RecurrentStack charRnn;
    private final RecurrentStack rnn;
    private final Linear output;
    private final WordFeatures features;
    private final Dropout inputDropout;
    private final Dropout outputDropout;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private boolean training;

    // the last forward call
    private TagBatch last;
    private RecurrentState charState;
    private RecurrentState dCharState;
    private float[] zeroCharOutput = new float[0];

    /** Builds the tagger with all parameters zero; call {@link #initialize} or load weights. */
    public Tagger(Architecture arch, WordVocabulary words, WordVocabulary chars, List<String> tags, float dropout,
                  Rng dropoutRng) {
        this.arch = arch;
        this.words = words;
        this.chars = chars;
        this.tags = List.copyOf(tags);
        for (int i = 0; i < tags.size(); i++) {
            if (tagIds.put(tags.get(i), i) != null) {
                throw new IllegalArgumentException("tag '" + tags.get(i) + "' appears twice");
            }
        }
        wordEmbedding = new Embedding(params, "word_embedding.", words.size(), arch.wordEmbedding());
        if (arch.charHidden() > 0) {
            charEmbedding = new Embedding(params, "char_embedding.", chars.size(), arch.charEmbedding());
            charRnn = new RecurrentStack(CellType.LSTM, params, "char_rnn.", arch.charEmbedding(), arch.charHidden(),
                    1, true, 0f, null);
        } else {
            charEmbedding = null;
            charRnn = null;
        }
        features = new WordFeatures(arch.wordEmbedding(), arch.charHidden());
        rnn = new RecurrentStack(CellType.LSTM, params, "rnn.", features.outputSize(), arch.hidden(), arch.layers(),
                true, dropout, dropoutRng);
        output = new Linear(params, "output.", 2 * arch.hidden(), tags.size());
        inputDropout = new Dropout(dropout, dropoutRng);
        outputDropout = new Dropout(dropout, dropoutRng);
    }

    /** PyTorch's default initialisation of each module, in module order from one generator. */
    public void initialize(Rng rng) {
        wordEmbedding.resetParameters(rng);
        if (charRnn != null) {
            charEmbedding.resetParameters(rng);
            charRnn.resetParameters(rng);
        }
        rnn.resetParameters(rng);
        output.resetParameters(rng);
    }

    public Architecture architecture() { return arch; }
    public WordVocabulary words() { return words; }
    public WordVocabulary chars() { return chars; }
    public List<String> tags() { return tags; }
    public Map<String, Integer> tagIds() { return tagIds; }
    public Parameters parameters() { return params; }

    /** Dropout is applied only while training. */
    public void setTraining(boolean training) {
        this.training = training;
        rnn.setTraining(training);
        inputDropout.setTraining(training);
        outputDropout.setTraining(training);
    }

    public TagBatch batch(List<List<String>> sentences, List<List<String>> sentenceTags, int[][] wordIds) {
        return TagBatch.of(sentences, sentenceTags, wordIds, words, chars, tagIds);
    }

    /** Tag scores (T·B, K) of a batch, the output layer's own buffer. */
    public float[] forward(TagBatch b) {
        last = b;
        int rows = b.steps * b.batch;
        float[] e = wordEmbedding.forward(b.wordIds, rows);
        float[] x;
        if (charRnn != null) {
            if (charState == null || charState.batch() != b.distinct) {
                charState = charRnn.newState(b.distinct);
                dCharState = charRnn.newState(b.distinct);
            }
            float[] ce = charEmbedding.forward(b.charIds, b.charSteps * b.distinct);
            charRnn.forward(ce, b.charSteps, b.distinct, b.charLengths, null, charState);
            x = features.forward(e, charState, b.unique, rows);
        } else {
            x = e;
        }
        x = inputDropout.forward(x, rows * features.outputSize());
        float[] h = rnn.forward(x, b.steps, b.batch, b.lengths, null, null);
        h = outputDropout.forward(h, rows * 2 * arch.hidden());
        return output.forward(h, rows);
    }

    /** Forward, loss and backward over one batch; accumulates every parameter's gradient. Returns the mean loss. */
    public double trainStep(TagBatch b) {
        float[] logits = forward(b);
        int rows = b.steps * b.batch;
        double loss = crossEntropy.forward(logits, rows, tags.size(), b.targets);
        float[] dh = output.backward(crossEntropy.gradient());
        dh = outputDropout.backward(dh);
        float[] dx = rnn.backward(dh, null, null);
        dx = inputDropout.backward(dx);
        if (charRnn != null) {
            float[] de = features.backward(dx, dCharState);
            int n = b.charSteps * b.distinct * 2 * arch.charHidden();
            if (zeroCharOutput.length < n) {
                zeroCharOutput = new float[n];
            }
            float[] dce = charRnn.backward(zeroCharOutput, dCharState, null);
            charEmbedding.backward(dce);
            wordEmbedding.backward(de);
        } else {
            wordEmbedding.backward(dx);
        }
        return loss;
    }

    /** The mean cross-entropy of a batch with tags, without gradients. */
    public double loss(TagBatch b) {
        float[] logits = forward(b);
        return crossEntropy.forward(logits, b.steps * b.batch, tags.size(), b.targets);
    }

    /** The best tag id at each position of each sentence of the batch. */
    public int[][] predict(TagBatch b) {
        float[] logits = forward(b);
        int k = tags.size();
        int[][] out = new int[b.batch][];
        for (int j = 0; j < b.batch; j++) {
            out[j] = new int[b.lengths[j]];
            for (int t = 0; t < b.lengths[j]; t++) {
                int base = (t * b.batch + j) * k;
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (logits[base + c] > logits[base + best]) {
                        best = c;
                    }
                }
                out[j][t] = best;
            }
        }
        return out;
    }

    /** Tags one tokenised sentence (no dropout); an empty sentence has no tags. */
    public List<String> tag(List<String> sentence) {
        if (sentence.isEmpty()) {
            return List.of();
        }
        boolean was = training;
        setTraining(false);
        int[] ids = predict(batch(List.of(sentence), null, null))[0];
        setTraining(was);
        List<String> out = new ArrayList<>(ids.length);
        Arrays.stream(ids).forEach(i -> out.add(tags.get(i)));
        return out;
    }
}
