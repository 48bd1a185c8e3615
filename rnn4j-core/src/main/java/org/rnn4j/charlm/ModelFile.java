package org.rnn4j.charlm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.io.SafetensorsReader;
import org.rnn4j.io.SafetensorsWriter;
import org.rnn4j.io.TensorData;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A character model as one float32 safetensors file that PyTorch loads with
 * {@code model.load_state_dict(safetensors.torch.load_file(path))}: tensors named as the module names them
 * ({@code embedding.weight}, {@code rnn.weight_ih_l0}, …, {@code decoder.bias}), and in {@code __metadata__} the
 * key {@value #METADATA_KEY} whose value is a JSON object: {@code cell}, {@code layers}, {@code hidden_size},
 * {@code embedding_size}, {@code vocab} (one-code-point strings in id order). Unknown keys are ignored.
 * docs/model-format.md describes the format.
 */
public final class ModelFile {
    public static final String METADATA_KEY = "rnn4j";
    /** The newest model format this code reads and the one it writes; absent means 1. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /** Writes the model atomically (a crash leaves the old file or the new one, never a part). */
    public static void save(CharLanguageModel model, Path path) throws IOException {
        SafetensorsWriter.write(path, tensors(model.parameters()), Map.of(METADATA_KEY, metadata(model)));
    }

    /** Reads a model file, checking that its tensors are exactly those its metadata implies. */
    public static CharLanguageModel load(Path path) throws IOException {
        return fromFile(SafetensorsReader.read(path), path, "");
    }

    /**
     * Builds the model that a file's metadata describes and loads its weights from the tensors named
     * {@code prefix + parameter name} (a training checkpoint stores them under "model/").
     */
    static CharLanguageModel fromFile(SafetensorsFile file, Path path, String prefix) throws IOException {
        if (prefix.isEmpty() && file.metadata().containsKey(Checkpoint.METADATA_KEY)) {
            throw new SafetensorsException(path + " is a training state (what --resume reads), not a model file; "
                    + "the model is " + Checkpoint.MODEL_FILE + " beside it");
        }
        CharLanguageModel model = fromMetadata(path, file, prefix);
        loadParameters(model.parameters(), file, path, prefix);
        // refused rather than sampled from: such a model computes nothing but NaN
        long bad = model.parameters().nonFiniteCount();
        if (bad > 0) {
            throw new SafetensorsException(path + ": " + bad + " of its " + model.parameters().size()
                    + " weights are NaN or infinite (a diverged training run?); not a usable model");
        }
        return model;
    }

    /** Every parameter as a float32 tensor of its shape, in parameter order. */
    public static Map<String, TensorData> tensors(Parameters params) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Param p : params.list()) {
            out.put(p.name(), TensorData.ofFloats(p.values(), p.shape()));
        }
        return out;
    }

    /** Copies every parameter from the file; names and shapes must match exactly (PyTorch's strict=True). */
    public static void loadParameters(Parameters params, SafetensorsFile file, Path path, String prefix)
            throws IOException {
        List<String> missing = new ArrayList<>();
        for (Param p : params.list()) {
            if (!file.contains(prefix + p.name())) {
                missing.add(p.name());
                continue;
            }
            TensorData t = file.get(prefix + p.name());
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new SafetensorsException(path + ": tensor " + p.name() + " has shape "
                        + Arrays.toString(t.shape()) + ", the model needs " + Arrays.toString(p.shape()));
            }
            if (!t.dtype().isFloatingPoint()) {
                throw new SafetensorsException(path + ": tensor " + p.name() + " is " + t.dtype()
                        + ", not a floating-point type");
            }
            p.set(t.asFloats());
        }
        if (!missing.isEmpty()) {
            throw new SafetensorsException(path + " lacks tensors " + missing);
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : file.names()) {
            if (name.startsWith(prefix) && !params.contains(name.substring(prefix.length()))) {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new SafetensorsException(path + " has tensors the model does not use: " + unexpected);
        }
    }

    static String metadata(CharLanguageModel model) {
        CharLanguageModel.Architecture a = model.architecture();
        ObjectNode node = JSON.createObjectNode();
        node.put("cell", a.cell().id());
        node.put("layers", a.layers());
        node.put("hidden_size", a.hiddenSize());
        node.put("embedding_size", a.embeddingSize());
        ArrayNode vocab = node.putArray("vocab");
        model.vocabulary().asStrings().forEach(vocab::add);
        node.put("format_version", FORMAT_VERSION);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CharLanguageModel fromMetadata(Path path, SafetensorsFile file, String prefix)
            throws IOException {
        String json = file.metadata().get(METADATA_KEY);
        if (json == null) {
            throw new SafetensorsException(path + " is a safetensors file but not an rnn4j model (no '"
                    + METADATA_KEY + "' entry in its metadata)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(path + ": the '" + METADATA_KEY + "' metadata is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new SafetensorsException(path + ": the '" + METADATA_KEY + "' metadata is not a JSON object");
        }
        JsonNode task = node.get("task");
        if (task != null && !task.asText().equals("char-lm")) {
            throw new SafetensorsException(path + " is a model of task '" + task.asText()
                    + "', not a character language model");
        }
        try {
            CellType cell = CellType.fromId(text(node, "cell", path));
            CharLanguageModel.Architecture arch = new CharLanguageModel.Architecture(cell,
                    integer(node, "layers", path), integer(node, "hidden_size", path),
                    integer(node, "embedding_size", path));
            JsonNode version = node.get("format_version");
            if (version != null && (!version.isIntegralNumber() || version.asLong() > FORMAT_VERSION)) {
                throw new SafetensorsException(path + " is in model format version " + version
                        + "; this rnn4j reads versions up to " + FORMAT_VERSION);
            }
            JsonNode vocabNode = node.get("vocab");
            if (vocabNode == null || !vocabNode.isArray() || vocabNode.isEmpty()) {
                throw new SafetensorsException(path + ": metadata 'vocab' must be a non-empty array of characters");
            }
            List<String> chars = new ArrayList<>();
            for (JsonNode c : vocabNode) {
                if (!c.isTextual()) {
                    throw new SafetensorsException(path + ": metadata 'vocab' must hold strings");
                }
                chars.add(c.asText());
            }
            Vocabulary vocabulary = Vocabulary.ofStrings(chars);
            long stored = 0;
            for (String name : file.names()) {
                if (name.startsWith(prefix)) {
                    stored += file.get(name).elementCount();
                }
            }
            long expected = parameterCount(arch, vocabulary.size(), stored);
            if (stored != expected) {
                throw new SafetensorsException(path + ": its metadata describes " + expected
                        + " parameters but its tensors hold " + stored);
            }
            return new CharLanguageModel(arch, vocabulary, 0f, null);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path + ": " + e.getMessage());
        }
    }

    /**
     * V·E + Σ_l G·H·(in_l + H + 2) + H·V + V, in long so that absurd metadata cannot overflow; stops counting
     * once past {@code limit}.
     */
    static long parameterCount(CharLanguageModel.Architecture a, int vocab, long limit) {
        long h = a.hiddenSize();
        long g = a.cell().gates();
        long count = (long) vocab * a.embeddingSize() + h * vocab + vocab;
        for (int l = 0; l < a.layers() && count <= limit; l++) {
            long in = l == 0 ? a.embeddingSize() : h;
            count += g * h * (in + h + 2);
        }
        return count;
    }

    private static String text(JsonNode node, String key, Path path) throws SafetensorsException {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String key, Path path) throws SafetensorsException {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not an integer");
        }
        return v.asInt();
    }
}
