package org.rnn4j.tasks.classify;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tasks.Dropout;
import org.rnn4j.tasks.LastStateReadout;
import org.rnn4j.tasks.SequenceBatch;

/**
 * A many-to-one classifier: tokens → Embedding(V, E) → dropout → L-layer (bi)RNN/LSTM/GRU (H) → the top layer's
 * final state of each direction, concatenated ({@link LastStateReadout}, each sequence's state at its own last
 * step) → dropout → Linear(D·H, C) → softmax cross-entropy against the label. Without a vocabulary the model takes
 * dense inputs (T, B, I) instead of ids; run for one step with an {@code rnn_tanh} cell it is the one-to-one net
 * h = tanh(W_ih x + b_ih + b_hh), y = W_fc h + b_fc (the state starts at zero, so W_hh plays no part).
 *
 * <p>Parameters are named as the PyTorch module {@code embedding = nn.Embedding(V, E); rnn = nn.LSTM(E, H, L,
 * bidirectional=...); fc = nn.Linear(D*H, C)} names them.
 */
public final class SequenceClassifier {
    /**
     * The shape of a model: {@code vocabSize} 0 means dense inputs of {@code inputSize} features; otherwise the
     * input is an embedding of {@code inputSize} = E dimensions.
     */
    public record Architecture(CellType cell, int vocabSize, int inputSize, int hiddenSize, int layers,
                               boolean bidirectional, int classes) {
        public Architecture {
            if (cell == null) {
                throw new IllegalArgumentException("cell is required");
            }
            if (vocabSize < 0 || inputSize <= 0 || hiddenSize <= 0 || layers <= 0 || classes < 2) {
                throw new IllegalArgumentException("sizes must be positive and there must be at least two classes");
            }
        }

        public boolean embedded() {
            return vocabSize > 0;
        }

        public int directions() {
            return bidirectional ? 2 : 1;
        }
    }

    private final Architecture arch;
    private final Parameters params = new Parameters();
    private final Embedding embedding;
    private final Dropout inputDropout;
    private final RecurrentStack rnn;
    private final LastStateReadout readout;
    private final Dropout featureDropout;
    private final Linear fc;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private RecurrentState last;
    private RecurrentState dLast;
    private float[] features = new float[0];
    private float[] zeroOutputGrad = new float[0];
    private SequenceBatch forwarded;

    /**
     * Builds the model with all parameters zero; call {@link #initialize} or load weights.
     *
     * @param inputDropout   dropout on the (embedded) inputs while training
     * @param rnnDropout     dropout between recurrent layers while training
     * @param featureDropout dropout on the features before the output layer while training
     * @param rng            random numbers for the dropout masks (null when every dropout is 0)
     */
    public SequenceClassifier(Architecture arch, float inputDropout, float rnnDropout, float featureDropout,
                              Rng rng) {
        this.arch = arch;
        this.embedding = arch.embedded() ? new Embedding(params, "embedding.", arch.vocabSize(), arch.inputSize())
                : null;
        this.inputDropout = new Dropout(inputDropout, rng);
        this.rnn = new RecurrentStack(arch.cell(), params, "rnn.", arch.inputSize(), arch.hiddenSize(),
                arch.layers(), arch.bidirectional(), rnnDropout, rng);
        this.readout = new LastStateReadout(arch.layers(), arch.directions(), arch.hiddenSize());
        this.featureDropout = new Dropout(featureDropout, rng);
        this.fc = new Linear(params, "fc.", readout.featureSize(), arch.classes());
    }

    /** Inference only: no dropout. */
    public SequenceClassifier(Architecture arch) {
        this(arch, 0f, 0f, 0f, null);
    }

    /** PyTorch's default initialisation of each module, drawn in module order from one generator. */
    public void initialize(Rng rng) {
        if (embedding != null) {
            embedding.resetParameters(rng);
        }
        rnn.resetParameters(rng);
        fc.resetParameters(rng);
    }

    /**
     * Sets every LSTM layer's forget-gate bias to {@code value} (bias_ih[H:2H] = value, bias_hh[H:2H] = 0), after
     * {@link #initialize}; a positive value makes the cell keep its state by default (Jozefowicz et al. 2015).
     */
    public void setForgetGateBias(float value) {
        if (arch.cell() != CellType.LSTM) {
            throw new IllegalArgumentException("a forget-gate bias needs the lstm cell");
        }
        for (int l = 0; l < arch.layers(); l++) {
            for (String suffix : arch.bidirectional() ? new String[] {"", "_reverse"} : new String[] {""}) {
                org.rnn4j.nn.Init.setForgetGateBias(params.get("rnn.bias_ih_l" + l + suffix),
                        params.get("rnn.bias_hh_l" + l + suffix), arch.hiddenSize(), value);
            }
        }
    }

    public Architecture architecture() { return arch; }
    public Parameters parameters() { return params; }

    /** Dropout is applied only while training. */
    public void setTraining(boolean training) {
        inputDropout.setTraining(training);
        rnn.setTraining(training);
        featureDropout.setTraining(training);
    }

    /** The logits (B, C) of a batch; the model's own buffer, valid until the next call. */
    public float[] logits(SequenceBatch batch) {
        int b = batch.batch();
        int t = batch.steps();
        int rows = t * b;
        float[] x;
        if (arch.embedded()) {
            if (batch.ids() == null) {
                throw new IllegalArgumentException("this model takes token ids");
            }
            x = embedding.forward(batch.ids(), rows);
        } else {
            if (batch.inputs() == null) {
                throw new IllegalArgumentException("this model takes dense inputs");
            }
            x = batch.inputs();
        }
        x = inputDropout.forward(x, rows * arch.inputSize());
        if (last == null || last.batch() != b) {
            last = rnn.newState(b);
            dLast = rnn.newState(b);
        }
        rnn.forward(x, t, b, batch.lengths(), null, last);
        int width = readout.featureSize();
        if (features.length < b * width) {
            features = new float[b * width];
        }
        readout.forward(last, features);
        float[] f = featureDropout.forward(features, b * width);
        forwarded = batch;
        return fc.forward(f, b);
    }

    /** The mean cross-entropy over the batch, in nats, without gradients. */
    public double loss(SequenceBatch batch) {
        return crossEntropy.forward(logits(batch), batch.batch(), arch.classes(), batch.labels());
    }

    /**
     * Forward, loss and backward over one batch; accumulates the gradients of every parameter.
     *
     * @return the mean cross-entropy over the batch, in nats
     */
    public double trainStep(SequenceBatch batch) {
        double loss = loss(batch);
        backward(crossEntropy.gradient());
        return loss;
    }

    /** Backpropagates ∂L/∂logits (B, C) of the last {@link #logits} call into every parameter's gradient. */
    public void backward(float[] dLogits) {
        SequenceBatch batch = forwarded;
        float[] dFeatures = featureDropout.backward(fc.backward(dLogits));
        readout.backward(dFeatures, dLast);
        int n = batch.steps() * batch.batch() * rnn.outputSize();
        if (zeroOutputGrad.length < n) {
            zeroOutputGrad = new float[n];
        }
        // the loss reads only the final state: no gradient reaches the per-step outputs directly
        float[] dx = rnn.backward(zeroOutputGrad, dLast, null);
        dx = inputDropout.backward(dx);
        if (embedding != null) {
            embedding.backward(dx);
        }
    }

    /** Softmax probabilities (B, C) of a batch, row by row. */
    public float[][] probabilities(SequenceBatch batch) {
        float[] z = logits(batch);
        int c = arch.classes();
        float[][] p = new float[batch.batch()][c];
        for (int b = 0; b < batch.batch(); b++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[b * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(z[b * c + k] - max);
            }
            for (int k = 0; k < c; k++) {
                p[b][k] = (float) (Math.exp(z[b * c + k] - max) / sum);
            }
        }
        return p;
    }
}
