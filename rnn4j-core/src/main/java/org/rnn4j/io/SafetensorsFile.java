package org.rnn4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a safetensors file as returned by {@link SafetensorsReader#read}: the tensors by name, in the
 * order of their data in the file, and the metadata. Unmodifiable.
 */
public final class SafetensorsFile {
    private final Map<String, TensorData> tensors;
    private final Map<String, String> metadata;

    SafetensorsFile(LinkedHashMap<String, TensorData> tensors, LinkedHashMap<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Tensor names in file order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; IllegalArgumentException if there is none. */
    public TensorData get(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        return t;
    }

    /** All tensors, in file order; can be passed back to {@link SafetensorsWriter#write}. */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} entries in file order; empty if the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }
}
