package org.rnn4j.optim;

import org.rnn4j.math.Gemm;
import org.rnn4j.math.WorkerTeam;
import org.rnn4j.nn.Parameters;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates the values of a {@link Parameters} buffer from its gradient buffer, one element at a time, with
 * PyTorch's formulas (torch 1.13, single-tensor code path). Scalar factors are computed in double, as PyTorch
 * computes them in Python floats; element-wise arithmetic is in float, as on float32 tensors.
 *
 * <p>Create the optimizer once the model is built: its state buffers have one entry per parameter, and
 * {@link #step()} refuses a buffer that has grown since. {@code step()} reads {@link Parameters#grad()} and
 * never changes it; clearing it ({@link Parameters#zeroGrad()}) is the caller's business.
 *
 * <p>For checkpoints, {@link #exportState()} copies out everything a resumed run needs (the step count, the
 * learning rate and every state buffer) and {@link #importState} puts it back, so that training continues
 * bit-identically.
 */
public abstract class Optimizer {
    /**
     * Below this many parameters an update runs on the calling thread alone; above, on the GEMM backend's threads
     * (Adam on 3.3 million parameters, the char model of hidden 512: 1.16 ms on one thread, 0.45 ms on two, best of
     * 40 here).
     */
    private static final int PARALLEL_SIZE = 1 << 16;

    protected final Parameters params;
    private final int size;
    private final Map<String, float[]> buffers = new LinkedHashMap<>();
    private double learningRate;
    private long stepCount;

    protected Optimizer(Parameters params, double learningRate) {
        this.params = params;
        this.size = params.size();
        setLearningRate(learningRate);
    }

    /**
     * Applies one update with the current gradient.
     * Modified: the parameter values, the state buffers, the step count. Not modified: the gradients.
     */
    public final void step() {
        if (params.size() != size) {
            throw new IllegalStateException("the optimizer was created for " + size + " parameters, the buffer now has "
                    + params.size());
        }
        stepCount++;
        long t = stepCount;
        float[] p = params.data();
        float[] g = params.grad();
        int threads = Gemm.backend().threads();
        if (threads == 1 || size < PARALLEL_SIZE) {
            update(p, g, 0, size, t);
            return;
        }
        // element by element: the threads' ranges give the same bits as one pass
        WorkerTeam.of(threads).runRanges(size, threads, (from, to) -> update(p, g, from, to, t));
    }

    /**
     * One update of entries [from, to) of {@code p} from {@code g}, each entry on its own (the ranges of one
     * update may run on different threads at once).
     *
     * @param t the number of this update, counting from 1 (PyTorch's {@code state['step']} after incrementing)
     */
    protected abstract void update(float[] p, float[] g, int from, int to, long t);

    public double learningRate() { return learningRate; }

    /** Sets the learning rate of the following updates, e.g. from a {@link LearningRateSchedule}. */
    public void setLearningRate(double learningRate) {
        checkArgument(learningRate >= 0 && Double.isFinite(learningRate), "invalid learning rate: " + learningRate);
        this.learningRate = learningRate;
    }

    /** Number of updates applied so far. */
    public long stepCount() { return stepCount; }

    /**
     * The state buffers by PyTorch's names ({@code "exp_avg"}, {@code "momentum_buffer"}, …), each with one
     * entry per parameter in the layout of {@link Parameters#data()}. These are the optimizer's own arrays:
     * read them, do not write them. Empty for plain SGD.
     */
    public Map<String, float[]> stateBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** A copy of everything a resumed run needs: step count, learning rate, state buffers. */
    public OptimizerState exportState() {
        Map<String, float[]> copies = new LinkedHashMap<>();
        buffers.forEach((name, buffer) -> copies.put(name, buffer.clone()));
        return new OptimizerState(stepCount, learningRate, copies);
    }

    /**
     * Restores a state exported by an optimizer of the same kind and configuration over the same parameter
     * layout. Modified: this optimizer. Not modified: {@code state} (its buffers are copied in).
     */
    public void importState(OptimizerState state) {
        if (!state.buffers().keySet().equals(buffers.keySet())) {
            throw new IllegalArgumentException("state buffers " + state.buffers().keySet() + " do not match this "
                    + getClass().getSimpleName() + "'s " + buffers.keySet());
        }
        for (Map.Entry<String, float[]> e : state.buffers().entrySet()) {
            if (e.getValue().length != size) {
                throw new IllegalArgumentException(e.getKey() + ": expected " + size + " values, got "
                        + e.getValue().length);
            }
        }
        checkArgument(state.stepCount() >= 0, "negative step count: " + state.stepCount());
        setLearningRate(state.learningRate());
        state.buffers().forEach((name, values) -> System.arraycopy(values, 0, buffers.get(name), 0, size));
        stepCount = state.stepCount();
    }

    /** Registers a state buffer of one entry per parameter, every entry {@code initial}. */
    protected final float[] addBuffer(String name, float initial) {
        float[] buffer = new float[size];
        Arrays.fill(buffer, initial);
        buffers.put(name, buffer);
        return buffer;
    }

    protected static void checkArgument(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
