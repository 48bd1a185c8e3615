package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file (format: see the {@linkplain org.rnn4j.io package description}), checking it
 * completely before trusting any length in it: a malformed or truncated file gives a
 * {@link SafetensorsException} naming the problem, never an OutOfMemoryError or an index exception. Each
 * tensor is read into its own array.
 */
public final class SafetensorsReader {
    /** Largest header accepted, in bytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    static final String METADATA_KEY = "__metadata__";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path path;
    private final FileChannel channel;

    private SafetensorsReader(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Reads and validates the whole file. Throws SafetensorsException if it is not valid safetensors. */
    public static SafetensorsFile read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new FileSystemException(path.toString(), null, "is a directory, not a file");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new FileSystemException(path.toString(), null, "is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new SafetensorsReader(path, channel).readAll();
        }
    }

    /** A tensor's header entry; offsets are relative to the start of the byte buffer. */
    private record Entry(String name, Dtype dtype, int[] shape, long begin, long end) { }

    private SafetensorsFile readAll() throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw fail("file is " + fileSize + " bytes, too short for the 8-byte header length");
        }
        long headerLength = readBytes(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw fail("not a safetensors file: its header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > fileSize - 8) {
            throw fail("not a safetensors file (or a truncated one): its header length " + headerLength
                    + " is larger than the " + (fileSize - 8) + " bytes after the length field");
        }
        JsonNode header = parseHeader(readBytes(8, (int) headerLength));
        long dataStart = 8 + headerLength;
        long bufferSize = fileSize - dataStart;

        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(field.getValue(), metadata);
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue(), bufferSize));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkCoverage(entries, bufferSize);

        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            long size = e.end() - e.begin();
            if (size > TensorData.MAX_BYTES) {
                throw fail("tensor '" + e.name() + "' is " + size + " bytes, more than one Java array holds");
            }
            byte[] data = readBytes(dataStart + e.begin(), (int) size).array();
            tensors.put(e.name(), TensorData.wrap(e.dtype(), e.shape(), data));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private JsonNode parseHeader(ByteBuffer bytes) throws SafetensorsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (at column " + at.getColumnNr() + " of line " + at.getLineNr() + ")";
            throw fail("header is not valid JSON: " + e.getOriginalMessage() + where, e);
        }
        if (root == null || !root.isObject()) {
            throw fail("header is not a JSON object");
        }
        return root;
    }

    private void readMetadata(JsonNode node, Map<String, String> into) throws SafetensorsException {
        if (!node.isObject()) {
            throw fail(METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw fail(METADATA_KEY + " value for key '" + field.getKey() + "' is not a string");
            }
            into.put(field.getKey(), field.getValue().textValue());
        }
    }

    private Entry parseEntry(String name, JsonNode node, long bufferSize) throws SafetensorsException {
        String what = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw fail(what + "entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw fail(what + "missing or non-string dtype");
        }
        Dtype dtype = Dtype.byName(dtypeNode.textValue()).orElseThrow(() -> fail(what + "unsupported dtype '"
                + dtypeNode.textValue() + "' (supported: " + Arrays.toString(Dtype.values()) + ")"));

        long[] dims = naturals(node.get("shape"), -1, what + "shape");
        int[] shape = new int[dims.length];
        long elementCount = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw fail(what + "dimension " + dims[i] + " in shape " + Arrays.toString(dims) + " is too large");
            }
            shape[i] = (int) dims[i];
            elementCount = multiply(elementCount, dims[i], what + "element count of shape " + Arrays.toString(dims));
        }
        long byteCount = multiply(elementCount, dtype.byteSize(), what + "byte count of shape " + Arrays.toString(dims));

        long[] offsets = naturals(node.get("data_offsets"), 2, what + "data_offsets");
        long begin = offsets[0];
        long end = offsets[1];
        String span = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) {
            throw fail(what + span + " end before they begin");
        }
        if (end > bufferSize) {
            throw fail(what + span + " reach beyond the byte buffer, which is " + bufferSize + " bytes");
        }
        if (end - begin != byteCount) {
            throw fail(what + span + " hold " + (end - begin) + " bytes but " + dtype + " shape "
                    + Arrays.toString(dims) + " needs " + byteCount);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers that fit in a long, of the given length (-1: any). */
    private long[] naturals(JsonNode node, int length, String what) throws SafetensorsException {
        String expected = length < 0 ? "an array of non-negative integers" : "an array of " + length + " non-negative integers";
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw fail(what + " missing or not " + expected);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw fail(what + " is not " + expected + ": " + node);
            }
            values[i] = v.longValue();
            if (values[i] < 0) {
                throw fail(what + " has a negative value: " + node);
            }
        }
        return values;
    }

    private long multiply(long a, long b, String what) throws SafetensorsException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw fail(what + " overflows 64 bits");
        }
    }

    /** The entries, sorted by offset, must tile [0, bufferSize) exactly. */
    private void checkCoverage(List<Entry> sorted, long bufferSize) throws SafetensorsException {
        long covered = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw fail("tensor '" + e.name() + "': data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap tensor '" + previous + "', which ends at " + covered);
            }
            if (e.begin() > covered) {
                throw fail("bytes [" + covered + ", " + e.begin() + ") of the byte buffer belong to no tensor"
                        + " (hole before tensor '" + e.name() + "')");
            }
            covered = e.end();
            previous = e.name();
        }
        if (covered != bufferSize) {
            throw fail("bytes [" + covered + ", " + bufferSize + ") at the end of the byte buffer belong to no tensor");
        }
    }

    /** Reads exactly {@code length} bytes at {@code position}; the caller has checked they lie inside the file. */
    private ByteBuffer readBytes(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw fail("file ended early (was it changed while being read?)");
            }
        }
        return buffer.flip();
    }

    private SafetensorsException fail(String message) {
        return new SafetensorsException(path + ": " + message);
    }

    private SafetensorsException fail(String message, Throwable cause) {
        return new SafetensorsException(path + ": " + message, cause);
    }
}
