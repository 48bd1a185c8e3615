package org.rnn4j.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.charlm.ModelFile;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.io.SafetensorsReader;
import org.rnn4j.io.SafetensorsWriter;
import org.rnn4j.nn.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model file of a task (tagging, translation), in the char model's layout ({@link ModelFile}): one float32
 * safetensors file, every parameter a tensor named as the PyTorch module would name it, and under the metadata
 * key {@value ModelFile#METADATA_KEY} a JSON object with {@code "task"}, {@code "format_version"}, the
 * architecture and the vocabularies. Written atomically; reading checks the task, the version and that the
 * tensors are exactly the model's parameters (names and shapes).
 */
public final class TaskModelFile {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskModelFile() {
    }

    /** A metadata object already holding {@code task} and {@code format_version}. */
    public static ObjectNode metadata(String task) {
        ObjectNode node = JSON.createObjectNode();
        node.put("task", task);
        node.put("format_version", FORMAT_VERSION);
        return node;
    }

    public static void putStrings(ObjectNode node, String key, List<String> values) {
        ArrayNode array = node.putArray(key);
        values.forEach(array::add);
    }

    /** Writes the parameters and metadata atomically. */
    public static void save(Parameters params, ObjectNode metadata, Path path) throws IOException {
        String json;
        try {
            json = JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SafetensorsWriter.write(path, ModelFile.tensors(params), Map.of(ModelFile.METADATA_KEY, json));
    }

    /** A file read with its metadata object, checked to be a model of {@code task}. */
    public record Loaded(SafetensorsFile file, JsonNode metadata, Path path) {
        public int integer(String key) throws IOException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a non-negative integer");
            }
            return v.asInt();
        }

        public String text(String key) throws IOException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isTextual()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a string");
            }
            return v.asText();
        }

        public boolean bool(String key) throws IOException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isBoolean()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a boolean");
            }
            return v.asBoolean();
        }

        public List<String> strings(String key) throws IOException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isArray() || v.isEmpty()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' must be a non-empty array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw new SafetensorsException(path + ": metadata '" + key + "' must hold strings");
                }
                out.add(s.asText());
            }
            return out;
        }

        /** Copies the tensors into the parameters of the model built from the metadata (names, shapes exact). */
        public void loadInto(Parameters params) throws IOException {
            ModelFile.loadParameters(params, file, path, "");
        }
    }

    public static Loaded load(Path path, String task) throws IOException {
        SafetensorsFile file = SafetensorsReader.read(path);
        String json = file.metadata().get(ModelFile.METADATA_KEY);
        if (json == null) {
            throw new SafetensorsException(path + " is a safetensors file but not an rnn4j model (no '"
                    + ModelFile.METADATA_KEY + "' entry in its metadata)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(path + ": the '" + ModelFile.METADATA_KEY + "' metadata is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new SafetensorsException(path + ": the '" + ModelFile.METADATA_KEY + "' metadata is not a JSON object");
        }
        JsonNode t = node.get("task");
        String found = t == null || !t.isTextual() ? "character language" : t.asText();
        if (!task.equals(found)) {
            throw new SafetensorsException(path + " is a " + found + " model, not a " + task + " model");
        }
        JsonNode version = node.get("format_version");
        if (version != null && (!version.isIntegralNumber() || version.asLong() > FORMAT_VERSION)) {
            throw new SafetensorsException(path + " is in model format version " + version
                    + "; this rnn4j reads versions up to " + FORMAT_VERSION);
        }
        return new Loaded(file, node, path);
    }
}
