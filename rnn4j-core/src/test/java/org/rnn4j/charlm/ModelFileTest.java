package org.rnn4j.charlm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.io.SafetensorsWriter;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    private CharLanguageModel model() {
        CharLanguageModel m = new CharLanguageModel(new CharLanguageModel.Architecture(CellType.GRU, 2, 6, 3),
                Vocabulary.of("abcé"), 0f, null);
        m.initialize(new Rng(3));
        return m;
    }

    @Test
    void roundTripKeepsEveryWeight() throws Exception {
        CharLanguageModel m = model();
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(m, file);
        CharLanguageModel back = ModelFile.load(file);
        assertArrayEquals(java.util.Arrays.copyOf(m.parameters().data(), m.parameters().size()),
                java.util.Arrays.copyOf(back.parameters().data(), back.parameters().size()));
        assertTrue(back.vocabulary().equals(m.vocabulary()));
    }

    @Test
    void refusesANewerFormatVersion() throws Exception {
        CharLanguageModel m = model();
        String meta = ModelFile.metadata(m).replace("\"format_version\":1", "\"format_version\":2");
        Path file = dir.resolve("v2.safetensors");
        SafetensorsWriter.write(file, ModelFile.tensors(m.parameters()), Map.of(ModelFile.METADATA_KEY, meta));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void refusesMetadataThatDisagreesWithTheTensors() throws Exception {
        CharLanguageModel m = model();
        String meta = ModelFile.metadata(m).replace("\"hidden_size\":6", "\"hidden_size\":600000");
        Path file = dir.resolve("lie.safetensors");
        SafetensorsWriter.write(file, ModelFile.tensors(m.parameters()), Map.of(ModelFile.METADATA_KEY, meta));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());
    }

    @Test
    void refusesASafetensorsFileWithoutModelMetadata() throws Exception {
        Path file = dir.resolve("plain.safetensors");
        SafetensorsWriter.write(file, ModelFile.tensors(model().parameters()), null);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("not an rnn4j model"), e.getMessage());
    }
}
