package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j eval --json}: one JSON object on the last line, with loss_nats, bits_per_char and characters. */
class EvalJsonTest {
    @TempDir
    Path tmp;

    @Test
    void lastLineIsOneJsonObject() throws Exception {
        // characters outside ASCII and outside the BMP: "characters" counts code points, not bytes or chars
        String line = "Grüße, 世界! 😀 ";
        String text = line.repeat(60);
        Path data = tmp.resolve("text.txt");
        Files.writeString(data, text, StandardCharsets.UTF_8);
        Path run = tmp.resolve("run");
        Cli.ok("train", "--data", data.toString(), "--checkpoint-dir", run.toString(), "--layers", "1",
                "--hidden-size", "16", "--embedding-size", "8", "--batch-size", "2", "--seq-length", "16",
                "--val-frac", "0.1", "--steps", "40", "--eval-every", "20", "--sample-every", "0");

        Cli.Result r = Cli.ok("eval", "--checkpoint", run.toString(), "--data", data.toString(), "--json");
        String[] lines = r.out().strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertTrue(json.isObject(), r::toString);
        int codePoints = text.codePointCount(0, text.length());
        assertEquals(codePoints, json.get("characters").asLong());
        assertTrue(json.get("characters").isIntegralNumber());
        assertEquals(codePoints - 1, json.get("predictions").asLong());
        double nats = json.get("loss_nats").asDouble();
        double bits = json.get("bits_per_char").asDouble();
        assertTrue(Double.isFinite(nats) && nats > 0, "loss " + nats);
        assertTrue(nats < Math.log(Files.readString(data).codePoints().distinct().count()),
                "40 updates on a repeated line beat a uniform guess: " + nats);
        assertEquals(nats / Math.log(2), bits, 1e-12);
        // the human-readable line before it says the same
        assertTrue(lines[lines.length - 2].contains(String.format(java.util.Locale.ROOT, "%.4f nats/char", nats)),
                r::toString);

        Cli.Result plain = Cli.ok("eval", "--checkpoint", run.toString(), "--data", data.toString());
        assertFalse(plain.out().contains("{"), "no JSON without --json: " + plain);
        assertEquals(lines.length - 1, plain.out().strip().split("\\R").length);
    }
}
