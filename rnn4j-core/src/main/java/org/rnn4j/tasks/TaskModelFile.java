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
 * A task model (classifier, generator) in the char model's layout ({@link ModelFile}): float32 tensors named as
 * the PyTorch module names them, and under the metadata key {@value ModelFile#METADATA_KEY} a JSON object with
 * {@code task}, {@code format_version} and the task's architecture, vocabulary and labels. Written atomically.
 */
public final class TaskModelFile {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file read back: its tensors and its metadata object. */
    public record Loaded(Path path, SafetensorsFile file, JsonNode metadata) {
        public String text(String key) throws SafetensorsException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isTextual()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a string");
            }
            return v.asText();
        }

        public int integer(String key) throws SafetensorsException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not an integer");
            }
            return v.asInt();
        }

        public double number(String key) throws SafetensorsException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isNumber()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a number");
            }
            return v.asDouble();
        }

        public boolean bool(String key) throws SafetensorsException {
            JsonNode v = metadata.get(key);
            if (v == null || !v.isBoolean()) {
                throw new SafetensorsException(path + ": metadata '" + key + "' is missing or not a boolean");
            }
            return v.asBoolean();
        }

        public List<String> strings(String key) throws SafetensorsException {
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

        /** Copies the tensors into the model's parameters; names and shapes must match exactly. */
        public void loadInto(Parameters params) throws IOException {
            ModelFile.loadParameters(params, file, path, "");
        }
    }

    private TaskModelFile() {
    }

    public static ObjectNode newMetadata(String task) {
        ObjectNode node = JSON.createObjectNode();
        node.put("task", task);
        node.put("format_version", FORMAT_VERSION);
        return node;
    }

    /** node[key] = the strings as a JSON array. */
    public static void putStrings(ObjectNode node, String key, List<String> values) {
        ArrayNode array = node.putArray(key);
        values.forEach(array::add);
    }

    /** An empty JSON object, for a task's own metadata entries. */
    public static ObjectNode emptyObject() {
        return JSON.createObjectNode();
    }

    public static void save(Path path, Parameters params, ObjectNode metadata) throws IOException {
        String json;
        try {
            json = JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SafetensorsWriter.write(path, ModelFile.tensors(params), Map.of(ModelFile.METADATA_KEY, json));
    }

    /** Reads a model file of one of the given tasks; any other file is refused with a one-line reason. */
    public static Loaded read(Path path, String... tasks) throws IOException {
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
        JsonNode task = node.get("task");
        String found = task == null || !task.isTextual() ? "char-lm" : task.asText();
        if (!List.of(tasks).contains(found)) {
            throw new SafetensorsException(path + " is a " + found + " model, not a " + String.join(" or ", tasks)
                    + " model");
        }
        JsonNode version = node.get("format_version");
        if (version != null && (!version.isIntegralNumber() || version.asLong() > FORMAT_VERSION)) {
            throw new SafetensorsException(path + " is in model format version " + version
                    + "; this rnn4j reads versions up to " + FORMAT_VERSION);
        }
        return new Loaded(path, file, node);
    }
}
