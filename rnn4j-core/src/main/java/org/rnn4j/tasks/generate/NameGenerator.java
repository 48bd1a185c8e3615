package org.rnn4j.tasks.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.tasks.TaskModelFile;
import org.rnn4j.tasks.TextUnits;
import org.rnn4j.text.WordVocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-to-many form: a language in, a surname out, one character at a time. A character language model whose
 * first input is a token naming the language and whose every input also carries the language
 * ({@link CategoryInput}): the sequence {@code <Lang> c₁ … c_n} is read by Embedding(V, E) + category(K, E) →
 * L-layer RNN/LSTM/GRU (H) → Linear(H, V), and step t is trained to predict {@code c₁ … c_n </s>}:
 *
 * <pre>
 *   h₁ = cell(E[&lt;Lang&gt;] + C[Lang], 0)
 *   h_t = cell(E[c_{t−1}] + C[Lang], h_{t−1})     p(c_t | Lang, c_&lt;t) = softmax(W_out h_t + b_out)
 *   L = −(1/N) Σ_names Σ_{t=1..n+1} log p(c_t | …),   c_{n+1} = &lt;/s&gt;,  N = Σ (n + 1)
 * </pre>
 *
 * so the language conditions the name both through the state it starts from and at every step, as in the
 * PyTorch tutorial "generating names with a character-level RNN". Batches are padded; padded steps predict nothing ({@link
 * SoftmaxCrossEntropy#IGNORE}). Vocabulary: {@code <pad>}, {@code <unk>}, {@code </s>}, one {@code <Lang>} token
 * per language, then the characters of the training names. Parameters are named as the PyTorch module
 * {@code embedding = nn.Embedding(V, E); category = nn.Embedding(K, E); rnn = nn.LSTM(E, H, L);
 * decoder = nn.Linear(H, V)} names them; the model
 * file (task {@value #TASK}) records {@code cell}, {@code layers}, {@code hidden_size}, {@code embedding_size},
 * {@code vocab} and {@code languages}.
 */
public final class NameGenerator {
    public static final String TASK = "generate";
    public static final String END = "</s>";
    public static final int MAX_LENGTH = 24;

    /** The shape of a model. */
    public record Architecture(CellType cell, int layers, int hiddenSize, int embeddingSize) {
        public Architecture {
            if (cell == null || layers <= 0 || hiddenSize <= 0 || embeddingSize <= 0) {
                throw new IllegalArgumentException("a cell and positive sizes are required");
            }
        }
    }

    private final Architecture arch;
    private final WordVocabulary vocabulary;
    private final List<String> languages;
    private final int endId;
    private final Parameters params = new Parameters();
    private final Embedding embedding;
    private final CategoryInput category;
    private final RecurrentStack rnn;
    private final Linear decoder;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private int[] targets = new int[0];
    private final int[] oneId = new int[1];
    private ObjectNode dataInfo = TaskModelFile.emptyObject();

    public NameGenerator(Architecture arch, WordVocabulary vocabulary, List<String> languages, float dropout,
                         Rng dropoutRng) {
        this.arch = arch;
        this.vocabulary = vocabulary;
        this.languages = List.copyOf(languages);
        if (!vocabulary.contains(END)) {
            throw new IllegalArgumentException("the vocabulary lacks " + END);
        }
        for (String l : languages) {
            if (!vocabulary.contains(languageToken(l))) {
                throw new IllegalArgumentException("the vocabulary lacks " + languageToken(l));
            }
        }
        this.endId = vocabulary.id(END);
        int v = vocabulary.size();
        this.embedding = new Embedding(params, "embedding.", v, arch.embeddingSize());
        this.category = new CategoryInput(params, "category.", languages.size(), arch.embeddingSize());
        this.rnn = new RecurrentStack(arch.cell(), params, "rnn.", arch.embeddingSize(), arch.hiddenSize(),
                arch.layers(), false, dropout, dropoutRng);
        this.decoder = new Linear(params, "decoder.", arch.hiddenSize(), v);
    }

    /** The vocabulary of the training names: specials, a token per language, then their characters. */
    public static WordVocabulary buildVocabulary(List<String> names, List<String> languages) {
        List<String> specials = new ArrayList<>();
        specials.add(END);
        for (String l : languages) {
            specials.add(languageToken(l));
        }
        List<List<String>> chars = new ArrayList<>();
        for (String n : names) {
            chars.add(TextUnits.CHARS.tokens(n));
        }
        return WordVocabulary.build(chars, 1, 0, specials);
    }

    public static String languageToken(String language) {
        return "<" + language + ">";
    }

    public void initialize(Rng rng) {
        embedding.resetParameters(rng);
        category.resetParameters(rng);
        rnn.resetParameters(rng);
        decoder.resetParameters(rng);
    }

    public Architecture architecture() { return arch; }
    public WordVocabulary vocabulary() { return vocabulary; }
    public List<String> languages() { return languages; }
    public Parameters parameters() { return params; }

    /** Where the training names came from (dataset, split seed): saved under {@code data} in the metadata. */
    public ObjectNode dataInfo() { return dataInfo; }

    public void setDataInfo(ObjectNode dataInfo) { this.dataInfo = dataInfo; }

    public void setTraining(boolean training) {
        rnn.setTraining(training);
    }

    /** The index of a language, or -1. */
    public int languageIndex(String language) {
        return languages.indexOf(language);
    }

    /** The input sequence of a name: {@code <Lang> c₁ … c_n} as ids. */
    public int[] encode(String name, int language) {
        List<String> chars = TextUnits.CHARS.tokens(name);
        int[] ids = new int[chars.size() + 1];
        ids[0] = vocabulary.id(languageToken(languages.get(language)));
        for (int i = 0; i < chars.size(); i++) {
            ids[i + 1] = vocabulary.id(chars.get(i));
        }
        return ids;
    }

    /** Forward, loss and backward over a batch of encoded names (labels: their languages); returns the mean loss per predicted character. */
    public double trainStep(SequenceBatch batch) {
        double loss = loss(batch);
        float[] dHidden = decoder.backward(crossEntropy.gradient());
        float[] dInput = rnn.backward(dHidden, null, null);
        embedding.backward(category.backward(dInput));
        return loss;
    }

    /** The mean cross-entropy per predicted character (the end token included), in nats. */
    public double loss(SequenceBatch batch) {
        int t = batch.steps();
        int b = batch.batch();
        int rows = t * b;
        if (targets.length < rows) {
            targets = new int[rows];
        }
        // the target of step s is the input of step s + 1, and </s> at each name's own last step
        for (int s = 0; s < t; s++) {
            for (int k = 0; k < b; k++) {
                int len = batch.lengths()[k];
                targets[s * b + k] = s < len - 1 ? batch.ids()[(s + 1) * b + k]
                        : s == len - 1 ? endId : SoftmaxCrossEntropy.IGNORE;
            }
        }
        if (batch.labels() == null) {
            throw new IllegalArgumentException("the generator needs each name's language (the batch labels)");
        }
        float[] x = category.forward(embedding.forward(batch.ids(), rows), t, b, batch.labels(), batch.lengths());
        float[] h = rnn.forward(x, t, b, batch.lengths(), null, null);
        float[] logits = decoder.forward(h, rows);
        return crossEntropy.forward(logits, rows, vocabulary.size(), targets);
    }

    /**
     * Draws a name: from the language token, each next character from softmax(logits / temperature) over the
     * characters and {@code </s>} (never padding, unknown or a language token), until {@code </s>} or
     * {@link #MAX_LENGTH} characters.
     */
    public String generate(int language, double temperature, Rng rng) {
        setTraining(false);
        RecurrentState state = rnn.newState(1);
        int id = vocabulary.id(languageToken(languages.get(language)));
        StringBuilder name = new StringBuilder();
        int firstChar = 2 + 1 + languages.size();
        int v = vocabulary.size();
        double[] p = new double[v];
        int[] cat = {language};
        for (int step = 0; step < MAX_LENGTH; step++) {
            oneId[0] = id;
            float[] x = category.forward(embedding.forward(oneId, 1), 1, 1, cat, null);
            float[] h = rnn.forward(x, 1, 1, null, state, state);
            float[] logits = decoder.forward(h, 1);
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                if (k == endId || k >= firstChar) {
                    max = Math.max(max, logits[k] / temperature);
                }
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                p[k] = k == endId || k >= firstChar ? Math.exp(logits[k] / temperature - max) : 0;
                sum += p[k];
            }
            double u = rng.nextDouble() * sum;
            int next = endId;
            for (int k = 0; k < v; k++) {
                u -= p[k];
                if (p[k] > 0 && u <= 0) {
                    next = k;
                    break;
                }
            }
            if (next == endId) {
                break;
            }
            name.append(vocabulary.token(next));
            id = next;
        }
        return name.toString();
    }

    public void save(Path path) throws IOException {
        ObjectNode meta = TaskModelFile.newMetadata(TASK);
        meta.put("cell", arch.cell().id());
        meta.put("layers", arch.layers());
        meta.put("hidden_size", arch.hiddenSize());
        meta.put("embedding_size", arch.embeddingSize());
        vocabulary.tokens().forEach(meta.putArray("vocab")::add);
        languages.forEach(meta.putArray("languages")::add);
        meta.set("data", dataInfo);
        TaskModelFile.save(path, params, meta);
    }

    public static NameGenerator load(Path path) throws IOException {
        TaskModelFile.Loaded f = TaskModelFile.read(path, TASK);
        try {
            Architecture arch = new Architecture(CellType.fromId(f.text("cell")), f.integer("layers"),
                    f.integer("hidden_size"), f.integer("embedding_size"));
            WordVocabulary vocabulary = new WordVocabulary(f.strings("vocab"));
            List<String> languages = f.strings("languages");
            for (int i = 0; i < languages.size(); i++) {
                if (!vocabulary.token(2 + 1 + i).equals(languageToken(languages.get(i)))) {
                    throw new IllegalArgumentException("the vocabulary does not list the language tokens in order");
                }
            }
            NameGenerator model = new NameGenerator(arch, vocabulary, languages, 0f, null);
            f.loadInto(model.parameters());
            if (f.metadata().get("data") instanceof ObjectNode d) {
                model.setDataInfo(d);
            }
            return model;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SafetensorsException(path + ": " + e.getMessage());
        }
    }
}
