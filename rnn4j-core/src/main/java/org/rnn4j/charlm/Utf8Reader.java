package org.rnn4j.charlm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * Streams the code points of a UTF-8 file in bounded memory, rejecting malformed input with the byte offset
 * of the first bad byte.
 */
final class Utf8Reader {
    private static final int CHUNK = 1 << 16;

    private Utf8Reader() {
    }

    /** Calls {@code sink} with every code point of the file, in order; returns how many there were. */
    static long forEachCodePoint(Path file, IntConsumer sink) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(CHUNK);
        CharBuffer out = CharBuffer.allocate(CHUNK);
        long consumed = 0;      // bytes decoded before the current contents of `in`
        long count = 0;
        char pendingHigh = 0;   // a high surrogate whose low half is in the next chunk
        try (InputStream stream = Files.newInputStream(file)) {
            boolean eof = false;
            while (true) {
                if (!eof) {
                    int n = stream.read(in.array(), in.position(), in.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        in.position(in.position() + n);
                    }
                }
                in.flip();
                int before = in.position();
                CoderResult result = decoder.decode(in, out, eof);
                if (result.isError()) {
                    throw new TextFormatException("invalid UTF-8 at byte " + (consumed + in.position()) + " of "
                            + file);
                }
                consumed += in.position() - before;
                if (eof && result.isUnderflow()) {
                    CoderResult flush = decoder.flush(out);
                    if (flush.isError()) {
                        throw new TextFormatException("invalid UTF-8 at the end of " + file);
                    }
                }
                out.flip();
                while (out.hasRemaining()) {
                    char c = out.get();
                    if (pendingHigh != 0) {
                        sink.accept(Character.toCodePoint(pendingHigh, c));
                        pendingHigh = 0;
                        count++;
                    } else if (Character.isHighSurrogate(c)) {
                        pendingHigh = c;
                    } else {
                        sink.accept(c);
                        count++;
                    }
                }
                out.clear();
                in.compact();
                if (eof && result.isUnderflow() && in.position() == 0) {
                    break;
                }
                if (eof && in.position() > 0 && result.isUnderflow()) {
                    throw new TextFormatException("truncated UTF-8 sequence at the end of " + file);
                }
            }
        }
        return count;
    }
}
