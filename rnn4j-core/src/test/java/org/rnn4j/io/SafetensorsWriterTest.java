package org.rnn4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Atomicity: the target is either the old file or the complete new one, and no temporary file stays behind. */
class SafetensorsWriterTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private Path existingFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of("w", TensorData.ofFloats(new float[] {1f, 2f}, 2)), Map.of("v", "1"));
        return file;
    }

    @Test
    void successLeavesOnlyTheTargetAndReplacesIt() throws IOException {
        Path file = existingFile();
        SafetensorsWriter.write(file, Map.of("w", TensorData.ofFloats(new float[] {3f}, 1)), null);
        assertEquals(List.of(file), listing());
        assertArrayEquals(new float[] {3f}, SafetensorsReader.read(file).get("w").asFloats());
    }

    @Test
    void inconsistentDataFailsBeforeAnyFileIsTouched() throws IOException {
        Path file = existingFile();
        byte[] before = Files.readAllBytes(file);

        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file,
                Map.of("w", TensorData.ofFloats(new float[5], 2, 3)), null));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file,
                Map.of("__metadata__", TensorData.ofFloats(new float[1])), null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file,
                Map.of("w", TensorData.ofFloats(new float[1])), nullValue));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing());
    }

    @Test
    void aFailedRenameRemovesTheTemporaryFile() throws IOException {
        Path occupied = Files.createDirectory(dir.resolve("occupied.safetensors"));
        Path inside = Files.writeString(occupied.resolve("keep.txt"), "keep");

        assertThrows(IOException.class, () -> SafetensorsWriter.write(occupied,
                Map.of("w", TensorData.ofFloats(new float[] {1f})), null));

        assertEquals(List.of(occupied), listing());
        assertEquals("keep", Files.readString(inside));
    }

    @Test
    void aMissingDirectoryFailsWithoutLeftovers() throws IOException {
        Path file = dir.resolve("no/such/dir/model.safetensors");
        assertThrows(IOException.class, () -> SafetensorsWriter.write(file,
                Map.of("w", TensorData.ofFloats(new float[] {1f})), null));
        assertEquals(List.of(), listing());
    }
}
