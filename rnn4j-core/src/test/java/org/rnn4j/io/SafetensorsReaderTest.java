package org.rnn4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.io.SafetensorsBytes.bytes;

/** Reads files built byte by byte from the spec, not by {@link SafetensorsWriter}. */
class SafetensorsReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsAHandBuiltFileWithEveryDtype() throws IOException {
        // Header entries deliberately out of data order, pretty-printed, with a non-ASCII name and space padding.
        String header = """
                {
                  "g": {"dtype": "BOOL", "shape": [3], "data_offsets": [25, 28]},
                  "b": {"dtype": "F32", "shape": [2, 1], "data_offsets": [8, 16]},
                  "__metadata__": {"format": "pt", "source": "hand"},
                  "a": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]},
                  "c": {"dtype": "F16", "shape": [2], "data_offsets": [16, 20]},
                  "d": {"dtype": "BF16", "shape": [], "data_offsets": [20, 22]},
                  "e": {"dtype": "U8", "shape": [2], "data_offsets": [22, 24]},
                  "f": {"dtype": "I8", "shape": [1], "data_offsets": [24, 25]},
                  "ε": {"dtype": "F64", "shape": [1], "data_offsets": [28, 36]},
                  "j": {"dtype": "I32", "shape": [1], "data_offsets": [36, 40]},
                  "i": {"dtype": "I32", "shape": [0, 4], "data_offsets": [36, 36]}
                }      \s""";
        byte[] buffer = bytes(
                0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,   // a: I64 -2
                0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xBF,   // b: F32 1.0, -0.5
                0x00, 0x3C, 0xFF, 0x7B,                           // c: F16 1.0, 65504
                0x00, 0xC0,                                       // d: BF16 -2.0
                0x00, 0xFF,                                       // e: U8 0, 255
                0x80,                                             // f: I8 -128
                0x01, 0x00, 0x01,                                 // g: BOOL true, false, true
                0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F,   // ε: F64 0.1
                0xFF, 0xFF, 0xFF, 0xFF);                          // j: I32 -1 (i: no bytes)
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, SafetensorsBytes.file(header, buffer));

        SafetensorsFile read = SafetensorsReader.read(file);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "ε", "i", "j"), read.names());
        assertEquals(Map.of("format", "pt", "source", "hand"), read.metadata());
        assertArrayEquals(new long[] {-2}, read.get("a").asLongs());
        assertArrayEquals(new int[] {2, 1}, read.get("b").shape());
        assertArrayEquals(new float[] {1f, -0.5f}, read.get("b").asFloats());
        assertArrayEquals(new float[] {1f, 65504f}, read.get("c").asFloats());
        assertArrayEquals(new int[0], read.get("d").shape());
        assertArrayEquals(new double[] {-2.0}, read.get("d").asDoubles());
        assertArrayEquals(new long[] {0, 255}, read.get("e").asLongs());
        assertArrayEquals(new long[] {-128}, read.get("f").asLongs());
        assertArrayEquals(new float[] {1f, 0f, 1f}, read.get("g").asFloats());
        assertEquals(Dtype.BOOL, read.get("g").dtype());
        assertArrayEquals(new double[] {0.1}, read.get("ε").asDoubles());
        assertArrayEquals(new int[] {0, 4}, read.get("i").shape());
        assertEquals(0, read.get("i").elementCount());
        assertArrayEquals(new long[] {-1}, read.get("j").asLongs());
    }

    @Test
    void readsAFileWithoutTensors() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        Files.write(file, SafetensorsBytes.file("{}"));
        SafetensorsFile read = SafetensorsReader.read(file);
        assertTrue(read.names().isEmpty());
        assertTrue(read.metadata().isEmpty());
    }
}
