package org.rnn4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private static Map<String, TensorData> everyWrittenDtype() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("lstm.weight", TensorData.ofFloats(
                new float[] {1.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -3.25e30f}, 2, 3));
        tensors.put("bias", TensorData.ofDoubles(new double[] {Math.PI, -1e-300, Double.MAX_VALUE}, 3));
        tensors.put("step", TensorData.ofLongs(new long[] {Long.MIN_VALUE}));
        tensors.put("ids", TensorData.ofInts(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 7}, 2, 1, 2));
        tensors.put("empty", TensorData.ofFloats(new float[0], 0, 4));
        tensors.put("scalar", TensorData.ofFloats(new float[] {42f}));
        return tensors;
    }

    @Test
    void everyWrittenDtypeAndTheMetadataSurvive() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "ünïcödé, \"quotes\" and\nnewlines");
        SafetensorsWriter.write(file, everyWrittenDtype(), metadata);

        SafetensorsFile read = SafetensorsReader.read(file);
        assertEquals(List.of("lstm.weight", "bias", "step", "ids", "empty", "scalar"), read.names());
        assertEquals(metadata, read.metadata());
        assertEquals(Dtype.F32, read.get("lstm.weight").dtype());
        assertArrayEquals(new int[] {2, 3}, read.get("lstm.weight").shape());
        assertArrayEquals(everyWrittenDtype().get("lstm.weight").asFloats(), read.get("lstm.weight").asFloats());
        assertEquals(Dtype.F64, read.get("bias").dtype());
        assertArrayEquals(new double[] {Math.PI, -1e-300, Double.MAX_VALUE}, read.get("bias").asDoubles());
        assertEquals(Dtype.I64, read.get("step").dtype());
        assertArrayEquals(new int[0], read.get("step").shape());
        assertArrayEquals(new long[] {Long.MIN_VALUE}, read.get("step").asLongs());
        assertEquals(Dtype.I32, read.get("ids").dtype());
        assertArrayEquals(new int[] {2, 1, 2}, read.get("ids").shape());
        assertArrayEquals(new long[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 7}, read.get("ids").asLongs());
        assertArrayEquals(new int[] {0, 4}, read.get("empty").shape());
        assertEquals(0, read.get("empty").asFloats().length);
        assertArrayEquals(new float[] {42f}, read.get("scalar").asFloats());
    }

    @Test
    void nullOrEmptyMetadataReadsBackEmpty() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafetensorsWriter.write(file, Map.of("x", TensorData.ofInts(new int[] {1}, 1)), null);
        assertTrue(SafetensorsReader.read(file).metadata().isEmpty());
        SafetensorsWriter.write(file, Map.of(), Map.of());
        SafetensorsFile empty = SafetensorsReader.read(file);
        assertTrue(empty.names().isEmpty());
        assertTrue(empty.metadata().isEmpty());
    }

    @Test
    void aReadFileCanBeWrittenBackUnchanged() throws IOException {
        Path handBuilt = dir.resolve("half.safetensors");
        Files.write(handBuilt, SafetensorsBytes.file(
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"__metadata__\":{\"k\":\"v\"}}",
                SafetensorsBytes.bytes(0x00, 0x3C, 0x00, 0xC0)));
        SafetensorsFile original = SafetensorsReader.read(handBuilt);
        Path copy = dir.resolve("copy.safetensors");
        SafetensorsWriter.write(copy, original.tensors(), original.metadata());

        SafetensorsFile read = SafetensorsReader.read(copy);
        assertEquals(Dtype.F16, read.get("h").dtype());
        assertArrayEquals(new float[] {1f, -2f}, read.get("h").asFloats());
        assertEquals(Map.of("k", "v"), read.metadata());
    }

    @Test
    void writerOutputFollowsTheSpec() throws IOException {
        Path file = dir.resolve("spec.safetensors");
        SafetensorsWriter.write(file, everyWrittenDtype(), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the byte buffer starts 8-aligned");
        JsonNode header = new JsonMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertEquals("pt", header.get("__metadata__").get("format").textValue());
        JsonNode weight = header.get("lstm.weight");
        assertEquals("F32", weight.get("dtype").textValue());
        assertEquals("[2,3]", weight.get("shape").toString());
        assertEquals("[0,24]", weight.get("data_offsets").toString());
        assertEquals("[24,48]", header.get("bias").get("data_offsets").toString());
        assertEquals("[]", header.get("step").get("shape").toString());
        long bufferStart = 8 + headerLength;
        assertEquals(bufferStart + 24 + 24 + 8 + 16 + 0 + 4, bytes.length);
        assertEquals(1.5f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat((int) bufferStart));
    }

    @Test
    void getOfAnUnknownNameFails() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafetensorsWriter.write(file, Map.of("x", TensorData.ofInts(new int[] {1})), null);
        SafetensorsFile read = SafetensorsReader.read(file);
        assertTrue(read.contains("x"));
        assertThrows(IllegalArgumentException.class, () -> read.get("y"));
    }
}
