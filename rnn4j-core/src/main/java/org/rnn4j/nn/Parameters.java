package org.rnn4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a model in one contiguous float buffer, with named views ({@link Param}); the gradients
 * live in a second buffer of the same length and layout. Optimizers, clipping and checkpointing work on the
 * two flat arrays.
 *
 * <p>Layers register their parameters at construction ({@link #add}); the buffers grow while the model is
 * being built, so a layer reads {@link #data()} and {@link #grad()} at each call instead of caching them.
 * Backward passes accumulate ({@code +=}) into {@link #grad()}; {@link #zeroGrad()} clears it once per update.
 */
public final class Parameters {
    private float[] data = new float[0];
    private float[] grad = new float[0];
    private int size;
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final List<Param> list = new ArrayList<>();

    /** Adds a zero-filled parameter of the given shape. Names are unique. */
    public Param add(String name, int... shape) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name: " + name);
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": every dimension must be positive");
            }
        }
        Param p = new Param(this, name, shape, size);
        int newSize = Math.addExact(size, p.size());
        if (newSize > data.length) {
            int capacity = Math.max(newSize, (int) Math.min(Integer.MAX_VALUE - 8, 2L * data.length));
            float[] d = new float[capacity];
            float[] g = new float[capacity];
            System.arraycopy(data, 0, d, 0, size);
            System.arraycopy(grad, 0, g, 0, size);
            data = d;
            grad = g;
        }
        size = newSize;
        byName.put(name, p);
        list.add(p);
        return p;
    }

    /** The value buffer; only the first {@link #size()} entries are parameters. */
    public float[] data() { return data; }

    /** The gradient buffer, laid out like {@link #data()}. */
    public float[] grad() { return grad; }

    /** Number of scalar parameters. */
    public int size() { return size; }

    public List<Param> list() { return Collections.unmodifiableList(list); }

    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p;
    }

    public boolean contains(String name) { return byName.containsKey(name); }

    /** How many parameter values are NaN or infinite: a model with any computes nothing but NaN. */
    public long nonFiniteCount() {
        long count = 0;
        for (int i = 0; i < size; i++) {
            if (!Float.isFinite(data[i])) {
                count++;
            }
        }
        return count;
    }

    public void zeroGrad() {
        java.util.Arrays.fill(grad, 0, size, 0f);
    }

    /** Copies all values from another buffer of the same layout (e.g. a model with the same architecture). */
    public void copyFrom(Parameters other) {
        if (other.size != size) {
            throw new IllegalArgumentException("parameter layouts differ: " + other.size + " vs " + size);
        }
        System.arraycopy(other.data, 0, data, 0, size);
    }
}
