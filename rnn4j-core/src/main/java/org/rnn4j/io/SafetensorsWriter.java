package org.rnn4j.io;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a safetensors file (format: see the {@linkplain org.rnn4j.io package description}) atomically: the
 * bytes go to a temporary file in the target's directory, which is forced to disk and then renamed over the
 * target, so the target is either the old file or the complete new one, never a partial write. Tensors are
 * laid out in the map's iteration order; the header is padded with spaces so the byte buffer starts at a
 * multiple of 8.
 */
public final class SafetensorsWriter {
    private static final JsonMapper JSON = new JsonMapper();

    private SafetensorsWriter() { }

    /**
     * Writes {@code tensors} (name to tensor, in iteration order) and {@code metadata} (may be null) to
     * {@code path}, replacing any existing file. Invalid arguments (a null name, value or tensor, or the reserved
     * name {@code __metadata__}) throw IllegalArgumentException before any file is touched; if writing fails, the
     * temporary file is removed and an existing file at {@code path} is left as it was.
     */
    public static void write(Path path, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tensors, "tensors");
        byte[] header = header(tensors, metadata);

        Path target = path.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        // CREATE_NEW, not Files.createTempFile: the result gets the usual permissions rather than owner-only,
        // and if the name were taken we fail here without deleting someone else's file.
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (channel) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(channel, length);
                writeFully(channel, ByteBuffer.wrap(header));
                for (TensorData t : tensors.values()) {
                    writeFully(channel, ByteBuffer.wrap(t.bytesUnsafe()));
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The JSON header as UTF-8, padded with spaces to a multiple of 8 bytes. */
    private static byte[] header(Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsReader.METADATA_KEY);
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw new IllegalArgumentException("metadata entry " + m.getKey() + "=" + m.getValue() + " has a null");
                }
                meta.put(m.getKey(), m.getValue());
            }
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = e.getKey();
            TensorData t = e.getValue();
            if (name == null || t == null) {
                throw new IllegalArgumentException("tensor entry " + name + "=" + t + " has a null");
            }
            if (name.equals(SafetensorsReader.METADATA_KEY)) {
                throw new IllegalArgumentException(name + " is reserved and cannot name a tensor");
            }
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(t.shape()).forEach(shape::add);
            long end = offset + t.bytesUnsafe().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        if (json.length > SafetensorsReader.MAX_HEADER_BYTES - 7) {
            throw new IllegalArgumentException("header of " + json.length + " bytes exceeds the limit of "
                    + SafetensorsReader.MAX_HEADER_BYTES);
        }
        int padded = (json.length + 7) & ~7;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
