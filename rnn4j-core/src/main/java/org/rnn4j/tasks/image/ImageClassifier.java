package org.rnn4j.tasks.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.SequenceBatch;
import org.rnn4j.tasks.TaskModelFile;
import org.rnn4j.tasks.classify.SequenceClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-to-one form: an RNN run for a single step from a zero state on a fixed-size input, then a linear
 * readout, which is a feed-forward net with one hidden layer:
 *
 * <pre>
 *   h = tanh(W_ih x + b_ih + b_hh)          (W_hh h₀ = 0 since h₀ = 0)
 *   y = W_fc h + b_fc,   p = softmax(y)
 * </pre>
 *
 * Built as a {@link SequenceClassifier} without embedding (cell {@code rnn_tanh}, one layer, T = 1). Its model
 * file (task {@value #TASK}) records {@code cell}, {@code layers}, {@code hidden_size}, {@code input_size},
 * {@code image_rows}, {@code image_cols} and {@code labels}; the tensors are {@code rnn.weight_ih_l0} (H, I),
 * {@code rnn.weight_hh_l0} (H, H, unused by one step), {@code rnn.bias_ih_l0}, {@code rnn.bias_hh_l0},
 * {@code fc.weight}, {@code fc.bias}, as PyTorch's {@code nn.RNN(I, H)} and {@code nn.Linear(H, C)} name them.
 */
public final class ImageClassifier {
    public static final String TASK = "classify-image";

    private final SequenceClassifier model;
    private final int rows;
    private final int cols;
    private final List<String> labels;

    public ImageClassifier(SequenceClassifier model, int rows, int cols, List<String> labels) {
        if (model.architecture().embedded() || model.architecture().inputSize() != rows * cols
                || model.architecture().classes() != labels.size()) {
            throw new IllegalArgumentException("the model does not take " + rows + "x" + cols + " images into "
                    + labels.size() + " classes");
        }
        this.model = model;
        this.rows = rows;
        this.cols = cols;
        this.labels = List.copyOf(labels);
    }

    /** A new model with zero parameters for rows×cols images and digits 0–9. */
    public static ImageClassifier create(CellType cell, int hidden, int rows, int cols, float inputDropout,
                                         float featureDropout, org.rnn4j.math.Rng rng) {
        List<String> digits = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            digits.add(Integer.toString(d));
        }
        SequenceClassifier.Architecture arch = new SequenceClassifier.Architecture(cell, 0, rows * cols, hidden, 1,
                false, digits.size());
        return new ImageClassifier(new SequenceClassifier(arch, inputDropout, 0f, featureDropout, rng), rows, cols,
                digits);
    }

    public SequenceClassifier model() { return model; }
    public int rows() { return rows; }
    public int cols() { return cols; }
    public List<String> labels() { return labels; }

    /** Class probabilities of images (B, rows·cols), row by row. */
    public float[][] probabilities(float[] pixels, int batch) {
        model.setTraining(false);
        return model.probabilities(SequenceBatch.oneStep(pixels, batch, null));
    }

    public void save(Path path) throws IOException {
        SequenceClassifier.Architecture a = model.architecture();
        ObjectNode meta = TaskModelFile.newMetadata(TASK);
        meta.put("cell", a.cell().id());
        meta.put("layers", a.layers());
        meta.put("hidden_size", a.hiddenSize());
        meta.put("input_size", a.inputSize());
        meta.put("image_rows", rows);
        meta.put("image_cols", cols);
        labels.forEach(meta.putArray("labels")::add);
        TaskModelFile.save(path, model.parameters(), meta);
    }

    public static ImageClassifier load(Path path) throws IOException {
        TaskModelFile.Loaded f = TaskModelFile.read(path, TASK);
        try {
            int rows = f.integer("image_rows");
            int cols = f.integer("image_cols");
            List<String> labels = f.strings("labels");
            if (f.integer("layers") != 1 || f.integer("input_size") != rows * cols) {
                throw new IllegalArgumentException("a one-step image model has one layer and rows·cols inputs");
            }
            SequenceClassifier.Architecture arch = new SequenceClassifier.Architecture(CellType.fromId(f.text("cell")),
                    0, rows * cols, f.integer("hidden_size"), 1, false, labels.size());
            SequenceClassifier model = new SequenceClassifier(arch);
            f.loadInto(model.parameters());
            return new ImageClassifier(model, rows, cols, labels);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path + ": " + e.getMessage());
        }
    }
}
