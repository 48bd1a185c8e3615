package org.rnn4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as stored in a safetensors file: a {@link Dtype}, a shape and the elements as little-endian,
 * row-major bytes. Immutable. The factories copy their input; the {@code as...} accessors convert to a fresh
 * Java array. A shape {@code []} is a scalar (one element).
 */
public final class TensorData {
    /** The largest tensor, in bytes, that fits in one Java array. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final Dtype dtype;
    private final int[] shape;
    private final int elementCount;
    private final byte[] bytes;

    private TensorData(Dtype dtype, int[] shape, byte[] bytes) {
        this.dtype = dtype;
        this.shape = shape;
        this.elementCount = bytes.length / dtype.byteSize();
        this.bytes = bytes;
    }

    /** An F32 tensor. Throws IllegalArgumentException if the shape has a negative dimension or does not hold {@code values.length} elements. */
    public static TensorData ofFloats(float[] values, int... shape) {
        ByteBuffer b = allocate(Dtype.F32, shape, values.length);
        b.asFloatBuffer().put(values);
        return new TensorData(Dtype.F32, shape.clone(), b.array());
    }

    /** An F64 tensor; shape rules as in {@link #ofFloats}. */
    public static TensorData ofDoubles(double[] values, int... shape) {
        ByteBuffer b = allocate(Dtype.F64, shape, values.length);
        b.asDoubleBuffer().put(values);
        return new TensorData(Dtype.F64, shape.clone(), b.array());
    }

    /** An I64 tensor; shape rules as in {@link #ofFloats}. */
    public static TensorData ofLongs(long[] values, int... shape) {
        ByteBuffer b = allocate(Dtype.I64, shape, values.length);
        b.asLongBuffer().put(values);
        return new TensorData(Dtype.I64, shape.clone(), b.array());
    }

    /** An I32 tensor; shape rules as in {@link #ofFloats}. */
    public static TensorData ofInts(int[] values, int... shape) {
        ByteBuffer b = allocate(Dtype.I32, shape, values.length);
        b.asIntBuffer().put(values);
        return new TensorData(Dtype.I32, shape.clone(), b.array());
    }

    /**
     * A tensor of any dtype from its little-endian bytes (e.g. F16 data, or a tensor read from another file).
     * Throws IllegalArgumentException if the byte count does not match the shape.
     */
    public static TensorData ofRawBytes(Dtype dtype, byte[] littleEndianBytes, int... shape) {
        long count = elementCount(shape);
        if (count * dtype.byteSize() != littleEndianBytes.length) {
            throw new IllegalArgumentException(dtype + " shape " + Arrays.toString(shape) + " needs "
                    + count * dtype.byteSize() + " bytes, got " + littleEndianBytes.length);
        }
        return new TensorData(dtype, shape.clone(), littleEndianBytes.clone());
    }

    /** For the reader: takes ownership of both arrays; the caller has checked the byte count against the shape. */
    static TensorData wrap(Dtype dtype, int[] shape, byte[] bytes) {
        return new TensorData(dtype, shape, bytes);
    }

    private static ByteBuffer allocate(Dtype dtype, int[] shape, int valueCount) {
        long count = elementCount(shape);
        if (count != valueCount) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + count
                    + " elements but " + valueCount + " values were given");
        }
        long byteCount = count * dtype.byteSize();
        if (byteCount > MAX_BYTES) {
            throw new IllegalArgumentException(dtype + " shape " + Arrays.toString(shape) + " needs " + byteCount
                    + " bytes, more than one Java array holds");
        }
        return ByteBuffer.allocate((int) byteCount).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;                         // both factors are below 2^31, so this cannot overflow
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return count;
    }

    public Dtype dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    /** Product of the shape (1 for a scalar). */
    public int elementCount() { return elementCount; }

    /** The elements as little-endian, row-major bytes (a copy). */
    public byte[] rawBytes() { return bytes.clone(); }

    /** The backing array itself, for the writer; must not be modified. */
    byte[] bytesUnsafe() { return bytes; }

    /** All elements converted to float (rounding F64 and large integers; BOOL gives 0 or 1). */
    public float[] asFloats() {
        ByteBuffer b = littleEndian();
        float[] out = new float[elementCount];
        if (dtype == Dtype.F32) {
            b.asFloatBuffer().get(out);
        } else if (dtype.isFloatingPoint()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) floatingAt(b, i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) integerAt(b, i);
            }
        }
        return out;
    }

    /** All elements converted to double (exact except for I64 values beyond 2^53). */
    public double[] asDoubles() {
        ByteBuffer b = littleEndian();
        double[] out = new double[elementCount];
        if (dtype == Dtype.F64) {
            b.asDoubleBuffer().get(out);
        } else if (dtype.isFloatingPoint()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = floatingAt(b, i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (double) integerAt(b, i);
            }
        }
        return out;
    }

    /** All elements as long, exactly; only for integer dtypes and BOOL, else IllegalStateException. */
    public long[] asLongs() {
        if (dtype.isFloatingPoint()) {
            throw new IllegalStateException("asLongs() needs an integer dtype, this tensor is " + dtype);
        }
        ByteBuffer b = littleEndian();
        long[] out = new long[elementCount];
        if (dtype == Dtype.I64) {
            b.asLongBuffer().get(out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = integerAt(b, i);
            }
        }
        return out;
    }

    private ByteBuffer littleEndian() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private double floatingAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case F64 -> b.getDouble(8 * i);
            case F32 -> b.getFloat(4 * i);
            case F16 -> halfToFloat(b.getShort(2 * i));
            case BF16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
            default -> throw new AssertionError(dtype);
        };
    }

    private long integerAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case BOOL -> b.get(i) != 0 ? 1 : 0;
            case U8 -> b.get(i) & 0xFF;
            case I8 -> b.get(i);
            case I16 -> b.getShort(2 * i);
            case U16 -> b.getShort(2 * i) & 0xFFFF;
            case I32 -> b.getInt(4 * i);
            case U32 -> b.getInt(4 * i) & 0xFFFF_FFFFL;
            case I64 -> b.getLong(8 * i);
            default -> throw new AssertionError(dtype);
        };
    }

    /** IEEE 754 binary16 to float, exactly (Float.float16ToFloat needs Java 20). */
    private static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {                 // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {                    // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
