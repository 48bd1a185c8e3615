package org.rnn4j.tasks.classify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.tasks.TaskModelFile;
import org.rnn4j.tasks.TextUnits;
import org.rnn4j.text.WordVocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SequenceClassifier} over text, with what it needs to read text and name its classes: the input units
 * (characters or words), the vocabulary of the training split and the class names. Its model file (task
 * {@value #TASK}) holds in its metadata {@code input}, {@code cell}, {@code layers}, {@code hidden_size},
 * {@code embedding_size}, {@code bidirectional}, {@code vocab} (tokens in id order) and {@code labels}.
 */
public final class TextClassifier {
    public static final String TASK = "classify";

    /** One prediction: the most probable class and its probability. */
    public record Prediction(int label, String name, float probability) {
    }

    private final SequenceClassifier model;
    private final TextUnits units;
    private final WordVocabulary vocabulary;
    private final List<String> classes;
    private ObjectNode data = TaskModelFile.emptyObject();

    public TextClassifier(SequenceClassifier model, TextUnits units, WordVocabulary vocabulary, List<String> classes) {
        if (model.architecture().vocabSize() != vocabulary.size() || model.architecture().classes() != classes.size()) {
            throw new IllegalArgumentException("the model's vocabulary or classes do not match");
        }
        this.model = model;
        this.units = units;
        this.vocabulary = vocabulary;
        this.classes = List.copyOf(classes);
    }

    public SequenceClassifier model() { return model; }
    public TextUnits units() { return units; }
    public WordVocabulary vocabulary() { return vocabulary; }
    public List<String> classes() { return classes; }

    /** Where the model's data came from (dataset, split seed, …): saved under {@code data} in the metadata. */
    public ObjectNode dataInfo() { return data; }

    public void setDataInfo(ObjectNode data) { this.data = data; }

    /** The vocabulary of a training split: tokens seen at least {@code minCount} times. */
    public static WordVocabulary buildVocabulary(LabeledText train, TextUnits units, int minCount) {
        List<List<String>> tokens = new ArrayList<>(train.size());
        for (String t : train.texts()) {
            tokens.add(units.tokens(t));
        }
        return WordVocabulary.build(tokens, minCount, 0, List.of());
    }

    /** The texts as id sequences with their labels; the classes must be this model's, in the same order. */
    public TokenSequences encode(LabeledText data) {
        if (!data.classes().equals(classes)) {
            throw new IllegalArgumentException("the data's classes " + data.classes() + " are not the model's "
                    + classes);
        }
        List<int[]> seqs = new ArrayList<>(data.size());
        for (String t : data.texts()) {
            seqs.add(units.encode(t, vocabulary));
        }
        return new TokenSequences(seqs, data.labelArray());
    }

    /** The most probable class of each text. */
    public List<Prediction> predict(List<String> texts) {
        List<Prediction> out = new ArrayList<>(texts.size());
        model.setTraining(false);
        for (int from = 0; from < texts.size(); from += 256) {
            int to = Math.min(texts.size(), from + 256);
            List<int[]> seqs = new ArrayList<>();
            for (String t : texts.subList(from, to)) {
                seqs.add(units.encode(t, vocabulary));
            }
            float[][] p = model.probabilities(SequenceBatch.ofIds(seqs, null));
            for (float[] row : p) {
                int best = 0;
                for (int k = 1; k < row.length; k++) {
                    if (row[k] > row[best]) {
                        best = k;
                    }
                }
                out.add(new Prediction(best, classes.get(best), row[best]));
            }
        }
        return out;
    }

    public void save(Path path) throws IOException {
        SequenceClassifier.Architecture a = model.architecture();
        ObjectNode meta = TaskModelFile.newMetadata(TASK);
        meta.put("input", units.id());
        meta.put("cell", a.cell().id());
        meta.put("layers", a.layers());
        meta.put("hidden_size", a.hiddenSize());
        meta.put("embedding_size", a.inputSize());
        meta.put("bidirectional", a.bidirectional());
        vocabulary.tokens().forEach(meta.putArray("vocab")::add);
        classes.forEach(meta.putArray("labels")::add);
        meta.set("data", data);
        TaskModelFile.save(path, model.parameters(), meta);
    }

    public static TextClassifier load(Path path) throws IOException {
        TaskModelFile.Loaded f = TaskModelFile.read(path, TASK);
        try {
            TextUnits units = TextUnits.fromId(f.text("input"));
            WordVocabulary vocabulary = new WordVocabulary(f.strings("vocab"));
            List<String> labels = f.strings("labels");
            SequenceClassifier.Architecture arch = new SequenceClassifier.Architecture(CellType.fromId(f.text("cell")),
                    vocabulary.size(), f.integer("embedding_size"), f.integer("hidden_size"), f.integer("layers"),
                    f.bool("bidirectional"), labels.size());
            SequenceClassifier model = new SequenceClassifier(arch);
            f.loadInto(model.parameters());
            TextClassifier classifier = new TextClassifier(model, units, vocabulary, labels);
            if (f.metadata().get("data") instanceof ObjectNode d) {
                classifier.setDataInfo(d);
            }
            return classifier;
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path + ": " + e.getMessage());
        }
    }
}
