package org.rnn4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds safetensors files byte by byte from the spec, independently of {@link SafetensorsWriter}. */
final class SafetensorsBytes {
    private SafetensorsBytes() { }

    /** The 8-byte little-endian length of {@code header} (as UTF-8), the header, then {@code buffer}. */
    static byte[] file(String header, byte... buffer) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le64(json.length));
        out.writeBytes(json);
        out.writeBytes(buffer);
        return out.toByteArray();
    }

    /** {@code value} as 8 little-endian bytes. */
    static byte[] le64(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    /** Bytes from ints 0..255, to write hex literals without casts. */
    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
