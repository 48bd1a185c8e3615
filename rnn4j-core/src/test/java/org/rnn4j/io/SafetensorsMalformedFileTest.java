package org.rnn4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of broken file gives a SafetensorsException with a one-line message that names the problem. */
class SafetensorsMalformedFileTest {
    @TempDir
    Path dir;

    private void assertRejected(byte[] contents, String... expectedInMessage) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, contents);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsReader.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertFalse(message.contains("\n"), message);
        for (String expected : expectedInMessage) {
            assertTrue(message.contains(expected), "expected \"" + expected + "\" in: " + message);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        assertRejected(new byte[0], "0 bytes, too short");
        assertRejected(new byte[7], "7 bytes, too short");
    }

    @Test
    void headerLengthLyingHuge() throws IOException {
        assertRejected(concat(SafetensorsBytes.le64(1L << 62), "{}".getBytes()), "header length 4611686018427387904 exceeds");
        assertRejected(SafetensorsBytes.le64(-1L), "header length 18446744073709551615 exceeds");
        assertRejected(SafetensorsBytes.le64(SafetensorsReader.MAX_HEADER_BYTES + 1), "exceeds the limit");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        assertRejected(concat(SafetensorsBytes.le64(1000), "{}".getBytes()), "header length 1000 is larger than the 2 bytes");
    }

    @Test
    void fileTruncatedInTheData() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, Map.of("w", TensorData.ofFloats(new float[] {1f, 2f, 3f}, 3)), null);
        byte[] bytes = Files.readAllBytes(good);
        assertRejected(Arrays.copyOf(bytes, bytes.length - 1), "tensor 'w'", "reach beyond the byte buffer");
        assertRejected(Arrays.copyOf(bytes, 20), "is larger than the 12 bytes after the length field");
    }

    @Test
    void headerNotUtf8() throws IOException {
        assertRejected(concat(SafetensorsBytes.le64(4), SafetensorsBytes.bytes('{', '"', 0xFF, '}')), "not valid UTF-8");
    }

    /** A header, the size of the zero-filled byte buffer after it, and the phrases the message must contain. */
    private static Arguments bad(String header, int bufferBytes, String... expectedInMessage) {
        return Arguments.of(header, bufferBytes, expectedInMessage);
    }

    static Stream<Arguments> badHeaders() {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        return Stream.of(
                bad("garbage", 0, "header is not valid JSON"),
                bad("{\"a\": ", 0, "header is not valid JSON"),
                bad("{} {}", 0, "header is not valid JSON"),
                bad("", 0, "header is not a JSON object"),
                bad("[1, 2]", 0, "header is not a JSON object"),
                bad("{" + a + "," + a + "}", 4, "Duplicate field 'a'"),
                bad("{\"a\": 5}", 0, "tensor 'a': entry is not a JSON object"),
                bad("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1,
                        "tensor 'a': unsupported dtype 'F8_E4M3'"),
                bad("{\"a\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "unsupported dtype 'f32'"),
                bad("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'a': missing or non-string dtype"),
                bad("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'a': shape missing"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,4]}}", 4, "tensor 'a': shape missing or not"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", 4, "tensor 'a': shape is not"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4,
                        "tensor 'a': shape has a negative value"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,0],\"data_offsets\":[0,0]}}", 0,
                        "tensor 'a': dimension 4294967296", "too large"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}", 4,
                        "tensor 'a': element count", "overflows"),
                bad("{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2],\"data_offsets\":[0,4]}}", 4,
                        "tensor 'a': byte count", "overflows"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor 'a': data_offsets missing"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4,
                        "tensor 'a': data_offsets missing or not an array of 2"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551616]}}", 4,
                        "tensor 'a': data_offsets is not"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "tensor 'a'", "end before they begin"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 4,
                        "tensor 'a': data_offsets [4, 8] reach beyond the byte buffer, which is 4 bytes"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4611686018427387904]}}", 4,
                        "tensor 'a'", "reach beyond the byte buffer"),
                bad("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4,
                        "tensor 'a': data_offsets [0, 4] hold 4 bytes but F32 shape [2] needs 8"),
                bad("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6,
                        "tensor 'b'", "overlap tensor 'a'"),
                bad("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                        "overlap tensor 'a'"),
                bad("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[6,10]}}", 10,
                        "bytes [4, 6)", "hole before tensor 'b'"),
                bad("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", 6, "bytes [0, 2)", "tensor 'b'"),
                bad("{" + a + "}", 6, "bytes [4, 6) at the end of the byte buffer belong to no tensor"),
                bad("{}", 3, "bytes [0, 3) at the end"),
                bad("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ value for key 'k' is not a string"),
                bad("{\"__metadata__\":{\"k\":null}}", 0, "__metadata__ value for key 'k' is not a string"),
                bad("{\"__metadata__\":[\"k\"]}", 0, "__metadata__ is not a JSON object"),
                bad("{\"__metadata__\":{\"k\":\"v\",\"k\":\"w\"}}", 0, "Duplicate field 'k'"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void badHeader(String header, int bufferBytes, String[] expectedInMessage) throws IOException {
        assertRejected(SafetensorsBytes.file(header, new byte[bufferBytes]), expectedInMessage);
    }
}
