package org.rnn4j.nn;

import java.util.Arrays;

/**
 * The hidden state of a recurrent stack, laid out as PyTorch's {@code h_n} and {@code c_n}: {@code h} is
 * (S, B, H) and, for LSTMs, {@code c} is (S, B, H), where S = layers × directions and slot
 * {@code k = layer * directions + direction}. The same class carries the gradients with respect to a state.
 */
public final class RecurrentState {
    private final int slots;
    private final int batch;
    private final int hidden;
    private final float[] h;
    private final float[] c;

    public RecurrentState(int slots, int batch, int hidden, boolean withCell) {
        if (slots <= 0 || batch <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("state dimensions must be positive");
        }
        this.slots = slots;
        this.batch = batch;
        this.hidden = hidden;
        this.h = new float[slots * batch * hidden];
        this.c = withCell ? new float[slots * batch * hidden] : null;
    }

    public int slots() { return slots; }
    public int batch() { return batch; }
    public int hidden() { return hidden; }
    public boolean hasCell() { return c != null; }

    /** h as (S, B, H); modified in place by layers that write this state. */
    public float[] h() { return h; }

    /** c as (S, B, H), or null for cells without a cell state. */
    public float[] c() { return c; }

    /** Offset of slot k's (B, H) block in {@link #h()} and {@link #c()}. */
    public int offset(int slot) {
        return slot * batch * hidden;
    }

    public void zero() {
        Arrays.fill(h, 0f);
        if (c != null) {
            Arrays.fill(c, 0f);
        }
    }

    public void copyFrom(RecurrentState other) {
        checkSameShape(other);
        System.arraycopy(other.h, 0, h, 0, h.length);
        if (c != null) {
            System.arraycopy(other.c, 0, c, 0, c.length);
        }
    }

    public RecurrentState copy() {
        RecurrentState s = new RecurrentState(slots, batch, hidden, c != null);
        s.copyFrom(this);
        return s;
    }

    void checkCompatible(int slot, int b, int hiddenSize, boolean needsCell) {
        if (slot >= slots || b != batch || hiddenSize != hidden || (needsCell && c == null)) {
            throw new IllegalArgumentException("state of shape (" + slots + ", " + batch + ", " + hidden + ")"
                    + (c == null ? " without" : " with") + " cell does not fit slot " + slot + ", batch " + b
                    + ", hidden " + hiddenSize + (needsCell ? " with cell" : ""));
        }
    }

    private void checkSameShape(RecurrentState other) {
        if (other.slots != slots || other.batch != batch || other.hidden != hidden || (other.c == null) != (c == null)) {
            throw new IllegalArgumentException("states differ in shape");
        }
    }
}
