package org.rnn4j.io;

import java.util.Optional;

/** The element types of a safetensors tensor that rnn4j reads; the constant names are the header's dtype strings. */
public enum Dtype {
    BOOL(1, false),
    U8(1, false),
    I8(1, false),
    I16(2, false),
    U16(2, false),
    F16(2, true),
    BF16(2, true),
    I32(4, false),
    U32(4, false),
    F32(4, true),
    I64(8, false),
    F64(8, true);

    private final int byteSize;
    private final boolean floatingPoint;

    Dtype(int byteSize, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    /** True for F16, BF16, F32 and F64; the others (including BOOL) are integers. */
    public boolean isFloatingPoint() { return floatingPoint; }

    /** The dtype spelled {@code name} in a header (case-sensitive), or empty if rnn4j does not read it. */
    public static Optional<Dtype> byName(String name) {
        for (Dtype d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
