package org.rnn4j.charlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.nn.CellType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch → rnn4j: model files written from PyTorch modules by {@code tools/model_interop.py} (an LSTM and a GRU,
 * a vocabulary with two-byte and four-byte UTF-8 characters, the GRU's not in code-point order, an unknown
 * metadata key) load with {@link ModelFile#load} and give the whole-text loss PyTorch computed, whatever the
 * chunk size.
 */
class ModelInteropFixtureTest {
    /**
     * Relative error accepted against the float64 PyTorch loss. float32 PyTorch is 1.5e-8 from it on these
     * files; rnn4j (float32) was measured within 5e-8, identical for every chunk size.
     */
    private static final double TOLERANCE = 1e-6;

    private static final JsonNode FIXTURE = load();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"interop_lstm", "interop_gru"})
    void pyTorchModelFileGivesPyTorchsLoss(String name) throws IOException {
        JsonNode expected = FIXTURE.get("models").get(name);
        CharLanguageModel model = ModelFile.load(resource(expected.get("file").textValue()));

        CharLanguageModel.Architecture a = model.architecture();
        assertEquals(CellType.fromId(expected.get("cell").textValue()), a.cell());
        assertEquals(expected.get("layers").intValue(), a.layers());
        assertEquals(expected.get("hidden_size").intValue(), a.hiddenSize());
        assertEquals(expected.get("embedding_size").intValue(), a.embeddingSize());
        List<String> vocab = new ArrayList<>();
        expected.get("vocab").forEach(c -> vocab.add(c.textValue()));
        assertEquals(vocab, model.vocabulary().asStrings(), "the vocabulary in the metadata's order");
        assertTrue(vocab.contains("é") && vocab.contains("\uD83D\uDE42"), "the fixture has non-ASCII characters");

        Path text = dir.resolve("text.txt");
        Files.writeString(text, FIXTURE.get("text").textValue(), StandardCharsets.UTF_8);
        TextCorpus corpus = TextCorpus.read(text, model.vocabulary());
        double loss = expected.get("loss_nats").doubleValue();
        long predictions = expected.get("predictions").longValue();
        assertEquals(predictions + 1, corpus.length());

        double[] results = new double[3];
        int[] chunks = {1, 7, 1000};
        for (int i = 0; i < chunks.length; i++) {
            Evaluation.Result r = Evaluation.wholeText(model, corpus, 0, corpus.length(), chunks[i]);
            assertEquals(predictions, r.predictions(), "chunk " + chunks[i]);
            double error = Math.abs(r.lossNats() - loss) / loss;
            assertTrue(error <= TOLERANCE, "chunk " + chunks[i] + ": loss " + r.lossNats() + ", PyTorch " + loss
                    + ", relative error " + error);
            results[i] = r.lossNats();
        }
        // The state is carried from chunk to chunk, so every chunk size predicts the same: a state lost at a chunk
        // boundary moves the loss by far more than this. Not to the bit: the chunk size decides how many rows each
        // product computes together (one row: rnn4j's vector–matrix products; more: the backend's GEMM, whose
        // kernels for a CPU may add in another order; with OpenBLAS on an AVX-512 EPYC they differ by ~3e-8).
        assertEquals(results[2], results[0], TOLERANCE * loss, "chunk 1 vs whole text");
        assertEquals(results[2], results[1], TOLERANCE * loss, "chunk 7 vs whole text");
    }

    /** The fixture file copied out of the class path (which may be a jar: the test jar other modules run). */
    private Path resource(String name) throws IOException {
        try (InputStream in = ModelInteropFixtureTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertNotNull(in, "missing test resource fixtures/" + name + " (regenerate with tools/model_interop.py)");
            Path copy = dir.resolve(name);
            Files.copy(in, copy);
            return copy;
        }
    }

    private static JsonNode load() {
        try (InputStream in = ModelInteropFixtureTest.class.getResourceAsStream("/fixtures/interop_models.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
