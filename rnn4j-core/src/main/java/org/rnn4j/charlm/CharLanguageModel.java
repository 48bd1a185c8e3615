package org.rnn4j.charlm;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.BatchOneStepper;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.nn.SoftmaxCrossEntropy;

/**
 * A character-level language model: Embedding(V, E) → L-layer RNN/LSTM/GRU (H) → Linear(H, V) → softmax
 * cross-entropy against the next character. Parameters are named as the PyTorch module
 * {@code embedding = nn.Embedding(V, E); rnn = nn.LSTM(E, H, L, batch_first=True); decoder = nn.Linear(H, V)}
 * names them. Ids and targets are time-major (T, B): element (t, b) at {@code t*B + b}.
 */
public final class CharLanguageModel {
    /** The shape of a model: what a model file's metadata records. */
    public record Architecture(CellType cell, int layers, int hiddenSize, int embeddingSize) {
        public Architecture {
            if (cell == null) {
                throw new IllegalArgumentException("cell is required");
            }
            if (layers <= 0 || hiddenSize <= 0 || embeddingSize <= 0) {
                throw new IllegalArgumentException("layers, hidden size and embedding size must be positive");
            }
        }
    }

    private final Architecture architecture;
    private final Vocabulary vocabulary;
    private final Parameters params = new Parameters();
    private final Embedding embedding;
    private final RecurrentStack rnn;
    private final Linear decoder;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private final int[] oneId = new int[1];

    /**
     * Builds the model with all parameters zero; call {@link #initialize} or load weights.
     *
     * @param dropout    dropout between recurrent layers while training
     * @param dropoutRng random numbers for the dropout masks (null when dropout is 0)
     */
    public CharLanguageModel(Architecture architecture, Vocabulary vocabulary, float dropout, Rng dropoutRng) {
        checkSize(architecture, vocabulary.size());
        this.architecture = architecture;
        this.vocabulary = vocabulary;
        int v = vocabulary.size();
        this.embedding = new Embedding(params, "embedding.", v, architecture.embeddingSize());
        this.rnn = new RecurrentStack(architecture.cell(), params, "rnn.", architecture.embeddingSize(),
                architecture.hiddenSize(), architecture.layers(), false, dropout, dropoutRng);
        this.decoder = new Linear(params, "decoder.", architecture.hiddenSize(), v);
    }

    /** All parameters live in one float array: a model must have fewer than 2^31 of them. */
    private static void checkSize(Architecture a, int vocab) {
        // in double, so that absurd sizes cannot overflow
        double h = a.hiddenSize();
        double g = a.cell().gates();
        double count = (double) vocab * a.embeddingSize() + h * vocab + vocab       // embedding, decoder
                + g * h * (a.embeddingSize() + h + 2) + (a.layers() - 1) * g * h * (2 * h + 2);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--layers %d, --hidden-size "
                    + "%d and --embedding-size %d make a model of %.3g parameters; at most %d fit in one buffer",
                    a.layers(), a.hiddenSize(), a.embeddingSize(), count, Integer.MAX_VALUE - 8));
        }
    }

    /**
     * Refuses a batch of {@code batch} sequences of {@code seqLength} steps whose largest array, the gates of every
     * step of a layer (T × B × G·H floats), would not fit in a Java array.
     */
    public static void checkBatch(Architecture a, int batch, int seqLength) {
        // in double, so that absurd sizes cannot overflow
        double gates = (double) batch * seqLength * a.cell().gates() * a.hiddenSize();
        if (gates > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--batch-size %d, --seq-length "
                    + "%d and --hidden-size %d make a layer's gates of one update %.3g floats; at most %d fit in one "
                    + "array", batch, seqLength, a.hiddenSize(), gates, Integer.MAX_VALUE - 8));
        }
    }

    /** PyTorch's default initialisation of each module, drawn in module order from one generator. */
    public void initialize(Rng rng) {
        embedding.resetParameters(rng);
        rnn.resetParameters(rng);
        decoder.resetParameters(rng);
    }

    public Architecture architecture() { return architecture; }
    public Vocabulary vocabulary() { return vocabulary; }
    public Parameters parameters() { return params; }
    public RecurrentStack rnn() { return rnn; }

    public RecurrentState newState(int batch) {
        return rnn.newState(batch);
    }

    /** Sets the dropout between recurrent layers, applied while training; {@code rng} draws the masks. */
    public void setDropout(float dropout, Rng rng) {
        rnn.setDropout(dropout, rng);
    }

    /** Dropout is applied only while training. */
    public void setTraining(boolean training) {
        rnn.setTraining(training);
    }

    /**
     * Forward, loss and backward over one chunk; accumulates the gradients of every parameter. The state is
     * read as the initial state and overwritten with the final one; no gradient flows into earlier chunks
     * (truncated backpropagation through time).
     *
     * @return the mean cross-entropy over the T·B predictions, in nats
     */
    public double trainStep(int[] inputs, int[] targets, int steps, int batch, RecurrentState state) {
        double loss = forwardLoss(inputs, targets, steps, batch, state);
        float[] dLogits = crossEntropy.gradient();
        float[] dHidden = decoder.backward(dLogits);
        rnn.backward(dHidden, null, null);     // after a lookup forward it also adds the embedding's gradient
        return loss;
    }

    /** The mean cross-entropy of one chunk without gradients; the state is carried as in {@link #trainStep}. */
    public double loss(int[] inputs, int[] targets, int steps, int batch, RecurrentState state) {
        return forwardLoss(inputs, targets, steps, batch, state);
    }

    /**
     * Turns on (or off) inference with the recurrent and output weights quantized to 8 bits, one scale per row
     * ({@link org.rnn4j.math.QuantizedMatrix}), made from the weights as they are now: batch-1 sampling then reads
     * a quarter of the bytes per character; the first layer's input projection of every character is taken once
     * from the 8-bit W_ih. The embedding stays float32 (a lookup reads one row). Training is
     * refused while on. A weight that is not a finite number is an {@link IllegalArgumentException} naming it,
     * and leaves the model unquantized.
     */
    public void useQuantizedWeights(boolean on) {
        try {
            var layers = rnn.directionLayers();
            for (int i = 0; i < layers.size(); i++) {
                // the first layer also takes the 8-bit input projection of every character once
                layers.get(i).useQuantizedWeights(on, i == 0 ? embedding : null);
            }
            decoder.useQuantizedWeights(on);
        } catch (RuntimeException e) {
            if (on) {
                useQuantizedWeights(false);     // all or nothing: a weight that cannot be quantized (NaN) leaves none
            }
            throw e;
        }
    }

    /** Whether inference uses 8-bit weights ({@link #useQuantizedWeights}). */
    public boolean usesQuantizedWeights() {
        return rnn.directionLayers().get(0).usesQuantizedWeights();    // all layers or none
    }

    /**
     * A stepper for sampling: feeds one character at a time from a state of its own, with the products of a step
     * grouped into as few jobs as can be ({@link BatchOneStepper}; the same logits as {@link #next}). Made from the
     * weights as they are now.
     */
    public BatchOneStepper stepper() {
        return new BatchOneStepper(embedding, rnn, decoder);
    }

    /** Feeds one character (batch 1) and returns the logits (V) of the next; the state is advanced. */
    public float[] next(int id, RecurrentState state) {
        oneId[0] = id;
        float[] h = rnn.forward(embedding, oneId, 1, 1, null, state, state);
        return decoder.forward(h, 1);
    }

    private double forwardLoss(int[] inputs, int[] targets, int steps, int batch, RecurrentState state) {
        int rows = steps * batch;
        float[] h = rnn.forward(embedding, inputs, steps, batch, null, state, state);
        float[] logits = decoder.forward(h, rows);
        return crossEntropy.forward(logits, rows, vocabulary.size(), targets);
    }
}
