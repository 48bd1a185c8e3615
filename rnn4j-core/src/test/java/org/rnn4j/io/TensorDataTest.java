package org.rnn4j.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.io.SafetensorsBytes.bytes;

class TensorDataTest {

    @Test
    void factoriesCheckTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.ofFloats(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3] has 6 elements but 5 values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofDoubles(new double[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofLongs(new long[2]));
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofInts(new int[1], 65536, 65536));
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofRawBytes(Dtype.F16, new byte[3], 2));
    }

    @Test
    void scalarAndEmptyShapes() {
        TensorData scalar = TensorData.ofDoubles(new double[] {2.5});
        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(1, scalar.elementCount());
        TensorData empty = TensorData.ofInts(new int[0], 3, 0);
        assertEquals(0, empty.elementCount());
        assertEquals(0, empty.rawBytes().length);
        assertArrayEquals(new int[] {3, 0}, empty.shape());
    }

    @Test
    void copiesItsInputAndOutput() {
        float[] values = {1f, 2f};
        int[] shape = {2};
        TensorData t = TensorData.ofFloats(values, shape);
        values[0] = 9f;
        shape[0] = 7;
        t.shape()[0] = 7;
        t.rawBytes()[0] = 1;
        assertArrayEquals(new float[] {1f, 2f}, t.asFloats());
        assertArrayEquals(new int[] {2}, t.shape());
    }

    @Test
    void storesLittleEndian() {
        assertArrayEquals(bytes(0x00, 0x00, 0x80, 0x3F), TensorData.ofFloats(new float[] {1f}, 1).rawBytes());
        assertArrayEquals(bytes(0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80),
                TensorData.ofLongs(new long[] {Long.MIN_VALUE + 0x0102}, 1).rawBytes());
    }

    @Test
    void halfPrecisionConvertsExactly() {
        // 1, -2, 65504 (largest), 2^-24 (smallest subnormal), 2^-14 (smallest normal), -0, +inf
        TensorData t = TensorData.ofRawBytes(Dtype.F16,
                bytes(0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00, 0x00, 0x04, 0x00, 0x80, 0x00, 0x7C), 7);
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, 0x1p-14f, -0f, Float.POSITIVE_INFINITY},
                t.asFloats());
        assertTrue(Double.isNaN(TensorData.ofRawBytes(Dtype.F16, bytes(0x00, 0x7E)).asDoubles()[0]));
    }

    @Test
    void bfloat16ConvertsExactly() {
        TensorData t = TensorData.ofRawBytes(Dtype.BF16, bytes(0x80, 0x3F, 0x00, 0xC0, 0x49, 0x40), 3);
        assertArrayEquals(new double[] {1.0, -2.0, 3.140625}, t.asDoubles());
    }

    @Test
    void integerDtypesConvertWithTheirSignedness() {
        assertArrayEquals(new long[] {255, 1}, TensorData.ofRawBytes(Dtype.U8, bytes(0xFF, 0x01), 2).asLongs());
        assertArrayEquals(new long[] {-1, 1}, TensorData.ofRawBytes(Dtype.I8, bytes(0xFF, 0x01), 2).asLongs());
        assertArrayEquals(new long[] {-2}, TensorData.ofRawBytes(Dtype.I16, bytes(0xFE, 0xFF), 1).asLongs());
        assertArrayEquals(new long[] {65534}, TensorData.ofRawBytes(Dtype.U16, bytes(0xFE, 0xFF), 1).asLongs());
        assertArrayEquals(new long[] {4294967294L},
                TensorData.ofRawBytes(Dtype.U32, bytes(0xFE, 0xFF, 0xFF, 0xFF), 1).asLongs());
        assertArrayEquals(new long[] {1, 0, 1}, TensorData.ofRawBytes(Dtype.BOOL, bytes(1, 0, 1), 3).asLongs());
        assertArrayEquals(new float[] {-7f, 3f}, TensorData.ofInts(new int[] {-7, 3}, 2).asFloats());
        assertArrayEquals(new double[] {Long.MAX_VALUE}, TensorData.ofLongs(new long[] {Long.MAX_VALUE}).asDoubles());
    }

    @Test
    void floatingDtypesConvertBetweenPrecisions() {
        assertArrayEquals(new float[] {0.1f}, TensorData.ofDoubles(new double[] {0.1}).asFloats());
        assertArrayEquals(new double[] {0.1f}, TensorData.ofFloats(new float[] {0.1f}).asDoubles());
    }

    @Test
    void asLongsRefusesFloatingDtypes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TensorData.ofFloats(new float[] {1f}).asLongs());
        assertTrue(e.getMessage().contains("F32"), e.getMessage());
    }
}
