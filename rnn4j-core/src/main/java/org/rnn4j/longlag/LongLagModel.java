package org.rnn4j.longlag;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Init;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.MeanSquaredError;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentLayer;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.SoftmaxCrossEntropy;

import java.util.Arrays;

/**
 * The network of the long-time-lag experiments: one recurrent layer (H units) over real-valued inputs
 * (T, B, I), then a linear read-out (K) of the last step's h (regression or class) or of every step's h (a
 * class per step). Parameters are named as the PyTorch module
 * {@code rnn = nn.LSTM(I, H); head = nn.Linear(H, K)} names them: {@code rnn.weight_ih_l0}, …, {@code head.bias}.
 *
 * <p>Initialisation ({@link #initialize}): PyTorch's defaults, except that {@code rnn_relu} is the IRNN of Le,
 * Jaitly &amp; Hinton (2015): W_hh = I, both biases 0, W_ih ~ N(0, 0.001²); and the LSTM's forget-gate bias is
 * set to a given value (1 is Keras's default, after Gers et al. 2000 and Jozefowicz et al. 2015; PyTorch's
 * uniform draw leaves f ≈ σ(0) = 0.5, which halves the cell's gradient at every step back).
 */
public final class LongLagModel {
    /** Standard deviation of the IRNN's input weights (Le et al. 2015, section 3). */
    public static final double IRNN_INPUT_STD = 0.001;

    private final CellType cell;
    private final int inputSize;
    private final int hidden;
    private final int outputSize;
    private final Objective objective;
    private final Parameters params = new Parameters();
    private final RecurrentStack rnn;
    private final Linear head;
    private final MeanSquaredError mse = new MeanSquaredError();
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();

    private Batch batch;
    private float[] outputs;
    private float[] lastStep = new float[0];
    private float[] dOutput = new float[0];

    public LongLagModel(CellType cell, int inputSize, int hidden, int outputSize, Objective objective) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.outputSize = outputSize;
        this.objective = objective;
        this.rnn = new RecurrentStack(cell, params, "rnn.", inputSize, hidden, 1, false, 0f, null);
        this.head = new Linear(params, "head.", hidden, outputSize);
    }

    /** A model shaped for a task. */
    public static LongLagModel forTask(SequenceTask task, CellType cell, int hidden) {
        return new LongLagModel(cell, task.inputSize(), hidden, task.outputSize(), task.objective());
    }

    public CellType cell() { return cell; }
    public int hiddenSize() { return hidden; }
    public Objective objective() { return objective; }
    public Parameters parameters() { return params; }
    public RecurrentStack rnn() { return rnn; }

    /** The single recurrent layer (whose state gradients {@link GradientFlowProbe} records). */
    public RecurrentLayer recurrentLayer() {
        return rnn.directionLayers().get(0);
    }

    /**
     * PyTorch's default initialisation, the IRNN's for rnn_relu; all drawn from {@code rng}.
     *
     * @param forgetBias the LSTM's forget-gate bias (b_ih + b_hh for gate f); NaN keeps PyTorch's random one
     */
    public void initialize(Rng rng, double forgetBias) {
        rnn.resetParameters(rng);
        head.resetParameters(rng);
        if (cell == CellType.LSTM && !Double.isNaN(forgetBias)) {
            RecurrentLayer layer = recurrentLayer();
            Init.setForgetGateBias(layer.biasIh(), layer.biasHh(), hidden, (float) forgetBias);
        }
        if (cell == CellType.RNN_RELU) {
            RecurrentLayer layer = recurrentLayer();
            Init.identity(layer.weightHh(), 1f);
            Init.normal(layer.weightIh(), IRNN_INPUT_STD, rng);
            Arrays.fill(params.data(), layer.biasIh().offset(), layer.biasIh().offset() + layer.biasIh().size(), 0f);
            Arrays.fill(params.data(), layer.biasHh().offset(), layer.biasHh().offset() + layer.biasHh().size(), 0f);
        }
    }

    /**
     * Forward pass and loss of a batch: MSE for a regression, mean cross-entropy over the last step's or
     * every step's predictions for a classification.
     */
    public double forward(Batch b) {
        if (b.x().length < b.steps() * b.size() * inputSize) {
            throw new IllegalArgumentException("batch input shorter than T·B·I");
        }
        this.batch = b;
        int steps = b.steps();
        int size = b.size();
        float[] h = rnn.forward(b.x(), steps, size, null, null, null);
        if (objective.lastStepOnly()) {
            // y = head(h_T): the B rows of the last step
            int n = size * hidden;
            if (lastStep.length < n) {
                lastStep = new float[n];
            }
            System.arraycopy(h, (steps - 1) * n, lastStep, 0, n);
            outputs = head.forward(lastStep, size);
            return objective == Objective.REGRESSION_LAST_STEP
                    ? mse.forward(outputs, size, outputSize, b.values())
                    : crossEntropy.forward(outputs, size, outputSize, b.classes());
        }
        outputs = head.forward(h, steps * size);
        return crossEntropy.forward(outputs, steps * size, outputSize, b.classes());
    }

    /** Backpropagation through time for the last {@link #forward}; accumulates every parameter's gradient. */
    public void backward() {
        if (batch == null) {
            throw new IllegalStateException("backward called before forward");
        }
        int steps = batch.steps();
        int size = batch.size();
        float[] dy = objective == Objective.REGRESSION_LAST_STEP ? mse.gradient() : crossEntropy.gradient();
        float[] dh = head.backward(dy);
        if (objective.lastStepOnly()) {
            // only h_T feeds the loss: ∂L/∂out_t = 0 for t < T
            int n = size * hidden;
            int total = steps * n;
            if (dOutput.length < total) {
                dOutput = new float[total];
            } else {
                Arrays.fill(dOutput, 0, total - n, 0f);
            }
            System.arraycopy(dh, 0, dOutput, total - n, n);
            rnn.backward(dOutput, null, null);
        } else {
            rnn.backward(dh, null, null);
        }
    }

    /** The head's output of the last forward: (B, K) for last-step objectives, (T, B, K) for every step. */
    public float[] outputs() {
        return outputs;
    }

    public int outputSize() { return outputSize; }
}
