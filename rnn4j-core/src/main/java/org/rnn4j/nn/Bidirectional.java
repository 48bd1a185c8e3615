package org.rnn4j.nn;

/**
 * Runs a forward layer over the sequence and a second layer over the reversed sequence, and concatenates the
 * two outputs per step: y_t = [h→_t ; h←_t], (T, B, 2H). The reversal is per sequence: the backward direction
 * of a sequence of length L starts at its own last step L-1, as PyTorch does with packed sequences; padded
 * steps stay in place and stay zero.
 */
public final class Bidirectional implements SequenceLayer {
    private final RecurrentLayer forwardLayer;
    private final RecurrentLayer backwardLayer;
    private final int hidden;

    private int steps;
    private int batch;
    private int[] lengths;
    private float[] reversedX = new float[0];
    private float[] out = new float[0];
    private float[] dForward = new float[0];
    private float[] dBackward = new float[0];
    private float[] dx = new float[0];

    public Bidirectional(RecurrentLayer forwardLayer, RecurrentLayer backwardLayer) {
        if (forwardLayer.inputSize() != backwardLayer.inputSize()
                || forwardLayer.hiddenSize() != backwardLayer.hiddenSize()) {
            throw new IllegalArgumentException("the two directions must have the same sizes");
        }
        this.forwardLayer = forwardLayer;
        this.backwardLayer = backwardLayer;
        this.hidden = forwardLayer.hiddenSize();
    }

    public RecurrentLayer forwardLayer() { return forwardLayer; }
    public RecurrentLayer backwardLayer() { return backwardLayer; }
    @Override public int inputSize() { return forwardLayer.inputSize(); }
    @Override public int outputSize() { return 2 * hidden; }

    @Override
    public float[] forward(float[] x, int steps, int batch, int[] lengths, RecurrentState initial,
                           RecurrentState last) {
        // validate before reverse() indexes x by lengths: a length outside 0..T or a short x must be an
        // IllegalArgumentException, and must not leave this object with shapes its layers did not run with
        RecurrentLayer.checkInput(x, steps, batch, lengths, inputSize());
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        int in = inputSize();
        int rows = steps * batch;
        if (reversedX.length < rows * in) {
            reversedX = new float[rows * in];
        }
        if (out.length < rows * 2 * hidden) {
            out = new float[rows * 2 * hidden];
            dForward = new float[rows * hidden];
            dBackward = new float[rows * hidden];
        }
        reverse(x, reversedX, in);
        float[] yf = forwardLayer.forward(x, steps, batch, lengths, initial, last);
        float[] yb = backwardLayer.forward(reversedX, steps, batch, lengths, initial, last);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int mirrored = mirror(t, b) * batch + b;
                System.arraycopy(yf, row * hidden, out, row * 2 * hidden, hidden);
                System.arraycopy(yb, mirrored * hidden, out, row * 2 * hidden + hidden, hidden);
            }
        }
        return out;
    }

    @Override
    public float[] backward(float[] dOutput, RecurrentState dLast, RecurrentState dInitial) {
        if (steps == 0) {
            throw new IllegalStateException("backward called before forward");
        }
        int in = inputSize();
        int rows = steps * batch;
        if (dOutput.length < rows * 2 * hidden) {
            throw new IllegalArgumentException("dOutput too short: " + dOutput.length);
        }
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                int mirrored = mirror(t, b) * batch + b;
                System.arraycopy(dOutput, row * 2 * hidden, dForward, row * hidden, hidden);
                System.arraycopy(dOutput, row * 2 * hidden + hidden, dBackward, mirrored * hidden, hidden);
            }
        }
        float[] dxf = forwardLayer.backward(dForward, dLast, dInitial);
        float[] dxb = backwardLayer.backward(dBackward, dLast, dInitial);
        if (dx.length < rows * in) {
            dx = new float[rows * in];
        }
        reverse(dxb, dx, in);
        for (int i = 0; i < rows * in; i++) {
            dx[i] += dxf[i];
        }
        return dx;
    }

    /** The time index that step t of sequence b occupies in the reversed sequence (an involution). */
    private int mirror(int t, int b) {
        int len = lengths == null ? steps : lengths[b];
        return t < len ? len - 1 - t : t;
    }

    /** dst[mirror(t, b), b, :] = src[t, b, :] for rows of width w. */
    private void reverse(float[] src, float[] dst, int w) {
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(src, (t * batch + b) * w, dst, (mirror(t, b) * batch + b) * w, w);
            }
        }
    }
}
