package org.rnn4j.nn;

import org.rnn4j.math.QuantizedMatrix;

import java.util.Arrays;

/**
 * A named view into a {@link Parameters} buffer: {@code size} floats starting at {@code offset}, with a shape.
 * The same offset indexes the gradient buffer, so {@code params.grad()[p.offset() + i]} is the gradient of
 * {@code params.data()[p.offset() + i]}.
 */
public final class Param {
    private final Parameters owner;
    private final String name;
    private final int[] shape;
    private final int offset;
    private final int size;

    Param(Parameters owner, String name, int[] shape, int offset) {
        this.owner = owner;
        this.name = name;
        this.shape = shape.clone();
        this.offset = offset;
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        this.size = n;
    }

    public String name() { return name; }
    public int[] shape() { return shape.clone(); }
    public int offset() { return offset; }
    public int size() { return size; }
    public Parameters owner() { return owner; }

    /** The current values, copied out. */
    public float[] values() {
        return Arrays.copyOfRange(owner.data(), offset, offset + size);
    }

    /** The current gradient, copied out. */
    public float[] gradient() {
        return Arrays.copyOfRange(owner.grad(), offset, offset + size);
    }

    /** Overwrites the values. Modified: this parameter. Not modified: {@code values}. */
    public void set(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException(name + ": expected " + size + " values, got " + values.length);
        }
        System.arraycopy(values, 0, owner.data(), offset, size);
    }

    /** The current values of this (rows × cols) weight as 8-bit integers ({@link QuantizedMatrix}). */
    public QuantizedMatrix quantized() {
        if (shape.length != 2) {
            throw new IllegalStateException(name + " is not a matrix: " + Arrays.toString(shape));
        }
        try {
            return QuantizedMatrix.of(owner.data(), offset, shape[0], shape[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot quantize " + name + ": " + e.getMessage(), e);
        }
    }

    public void fill(float value) {
        Arrays.fill(owner.data(), offset, offset + size, value);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
