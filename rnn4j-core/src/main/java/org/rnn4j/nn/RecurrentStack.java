package org.rnn4j.nn;

import org.rnn4j.math.Rng;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * L recurrent layers, each uni- or bidirectional, with dropout on the outputs of every layer but the last (as
 * PyTorch's {@code nn.LSTM(..., num_layers=L, dropout=p, bidirectional=...)}). Parameters are named as
 * PyTorch names them: {@code weight_ih_l{k}}, {@code weight_hh_l{k}}, {@code bias_ih_l{k}}, {@code bias_hh_l{k}},
 * with {@code _reverse} for the second direction. The state is (L·D, B, H), see {@link RecurrentState}.
 */
public final class RecurrentStack implements SequenceLayer {
    private final CellType cell;
    private final int inputSize;
    private final int hidden;
    private final int directions;
    private float dropout;
    private final List<SequenceLayer> layers = new ArrayList<>();
    private final List<RecurrentLayer> directionLayers = new ArrayList<>();
    private Rng dropoutRng;
    private boolean training;

    private int steps;
    private int batch;
    /** Per layer boundary l (after layer l < L-1): the dropout mask, already scaled by 1/(1-p). */
    private float[][] masks;
    private float[][] dropped;
    private float[][] dInputs;
    /** The embedding the last forward looked its input up in ({@link #forward(Embedding, int[], ...)}), or null. */
    private Embedding lookup;

    /**
     * @param prefix name prefix of every parameter, e.g. "rnn." gives "rnn.weight_ih_l0"
     * @param dropoutRng random numbers for dropout masks (may be null when dropout is 0)
     */
    public RecurrentStack(CellType cell, Parameters params, String prefix, int inputSize, int hidden, int layers,
                          boolean bidirectional, float dropout, Rng dropoutRng) {
        if (layers <= 0) {
            throw new IllegalArgumentException("layers must be positive");
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.directions = bidirectional ? 2 : 1;
        setDropout(dropout, dropoutRng);
        int in = inputSize;
        for (int l = 0; l < layers; l++) {
            RecurrentLayer fwd = RecurrentLayer.create(cell, params, prefix, l, false, l * directions, in, hidden);
            directionLayers.add(fwd);
            if (bidirectional) {
                RecurrentLayer bwd = RecurrentLayer.create(cell, params, prefix, l, true, l * directions + 1, in,
                        hidden);
                directionLayers.add(bwd);
                this.layers.add(new Bidirectional(fwd, bwd));
            } else {
                this.layers.add(fwd);
            }
            in = hidden * directions;
        }
        this.masks = new float[layers][0];
        this.dropped = new float[layers][0];
        this.dInputs = new float[layers][0];
    }

    public CellType cell() { return cell; }
    public int layerCount() { return layers.size(); }
    public int directions() { return directions; }
    public int hiddenSize() { return hidden; }
    public float dropout() { return dropout; }
    @Override public int inputSize() { return inputSize; }
    @Override public int outputSize() { return hidden * directions; }

    /** Every direction of every layer, in state-slot order (layer-major). */
    public List<RecurrentLayer> directionLayers() {
        return Collections.unmodifiableList(directionLayers);
    }

    /** A zero state for a batch of the given size. */
    public RecurrentState newState(int batch) {
        return new RecurrentState(layers.size() * directions, batch, hidden, cell.hasCellState());
    }

    /** Sets the dropout probability between layers and the generator of its masks (null when p is 0). */
    public void setDropout(float dropout, Rng dropoutRng) {
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1)");
        }
        if (dropout > 0f && dropoutRng == null) {
            throw new IllegalArgumentException("dropout needs a random number generator");
        }
        this.dropout = dropout;
        this.dropoutRng = dropoutRng;
    }

    /** Dropout is applied only while training. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() { return training; }

    /** PyTorch's default initialisation of every layer. */
    public void resetParameters(Rng rng) {
        for (RecurrentLayer layer : directionLayers) {
            layer.resetParameters(rng);
        }
    }

    @Override
    public float[] forward(float[] x, int steps, int batch, int[] lengths, RecurrentState initial,
                           RecurrentState last) {
        // everything is checked before the first layer runs, so a rejected call changes nothing
        RecurrentLayer.checkInput(x, steps, batch, lengths, inputSize);
        checkState(initial, batch);
        checkState(last, batch);
        this.steps = steps;
        this.batch = batch;
        lookup = null;
        return upperLayers(layers.get(0).forward(x, steps, batch, lengths, initial, last), lengths, initial, last);
    }

    /**
     * Forward over the rows {@code ids} (T, B) pick from an embedding: what
     * {@code forward(embedding.forward(ids, T·B), ...)} computes. A one-direction first layer takes the input
     * projection per vocabulary entry instead of per row ({@link RecurrentLayer#forwardLookup}). {@link #backward}
     * then adds the embedding's gradient into its parameters and returns null.
     */
    public float[] forward(Embedding embedding, int[] ids, int steps, int batch, int[] lengths,
                           RecurrentState initial, RecurrentState last) {
        embedding.checkWidth(inputSize);
        RecurrentLayer.checkSteps(steps, batch, lengths);
        embedding.checkIds(ids, steps * batch);
        checkState(initial, batch);
        checkState(last, batch);
        this.steps = steps;
        this.batch = batch;
        lookup = embedding;
        SequenceLayer first = layers.get(0);
        float[] y = first instanceof RecurrentLayer layer
                ? layer.forwardLookup(embedding, ids, steps, batch, lengths, initial, last)
                : first.forward(embedding.forward(ids, steps * batch), steps, batch, lengths, initial, last);
        return upperLayers(y, lengths, initial, last);
    }

    /** Dropout on the first layer's output y, then the layers above it. */
    private float[] upperLayers(float[] y, int[] lengths, RecurrentState initial, RecurrentState last) {
        float[] input = y;
        for (int l = 1; l < layers.size(); l++) {
            if (training && dropout > 0f) {
                input = applyDropout(l - 1, input, steps * batch * outputSize());
            }
            input = layers.get(l).forward(input, steps, batch, lengths, initial, last);
        }
        return input;
    }

    /** As {@link SequenceLayer#backward}; after a forward from an embedding it returns null (see that forward). */
    @Override
    public float[] backward(float[] dOutput, RecurrentState dLast, RecurrentState dInitial) {
        if (steps == 0) {
            throw new IllegalStateException("backward called before forward");
        }
        if (dOutput.length < steps * batch * outputSize()) {
            throw new IllegalArgumentException("dOutput too short: " + dOutput.length);
        }
        checkState(dLast, batch);
        checkState(dInitial, batch);
        float[] grad = dOutput;
        for (int l = layers.size() - 1; l >= 0; l--) {
            if (l < layers.size() - 1 && training && dropout > 0f) {
                grad = dropoutBackward(l, grad, steps * batch * outputSize());
            }
            grad = layers.get(l).backward(grad, dLast, dInitial);
        }
        if (lookup != null) {
            if (grad != null) {
                lookup.backward(grad);  // a first layer that ran the looked-up rows as dense input
            }
            return null;
        }
        return grad;
    }

    /** A state (or null) must have every slot of this stack, the batch, H, and c for LSTMs. */
    private void checkState(RecurrentState s, int batch) {
        if (s != null) {
            s.checkCompatible(layers.size() * directions - 1, batch, hidden, cell.hasCellState());
        }
    }

    // Inverted dropout: y = x ⊙ m / (1 - p), m ~ Bernoulli(1 - p)
    private float[] applyDropout(int l, float[] y, int n) {
        if (masks[l].length < n) {
            masks[l] = new float[n];
            dropped[l] = new float[n];
            dInputs[l] = new float[n];
        }
        float keep = 1f / (1f - dropout);
        float[] m = masks[l];
        float[] d = dropped[l];
        for (int i = 0; i < n; i++) {
            m[i] = dropoutRng.nextFloat() < dropout ? 0f : keep;
            d[i] = y[i] * m[i];
        }
        return d;
    }

    private float[] dropoutBackward(int l, float[] grad, int n) {
        float[] m = masks[l];
        float[] d = dInputs[l];
        for (int i = 0; i < n; i++) {
            d[i] = grad[i] * m[i];
        }
        return d;
    }
}
