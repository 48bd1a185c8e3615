package org.rnn4j.cli;

import org.rnn4j.testing.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When stdout is not a terminal (here: a StringWriter, no console), training prints plain log lines, no
 * progress bar, and writes its report next to the checkpoint.
 */
class PlainProgressOutputTest {
    @TempDir
    Path tmp;

    @Test
    void plainLinesWhenNotATerminal() throws Exception {
        Path data = SharedData.tinyShakespeareSlice(tmp.resolve("shakespeare-6k.txt"), 6_000);
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.ok("train", "--data", data.toString(), "--checkpoint-dir", run.toString(),
                "--layers", "1", "--hidden-size", "16", "--embedding-size", "8", "--batch-size", "4",
                "--seq-length", "16", "--learning-rate", "5e-3", "--steps", "40", "--eval-every", "20",
                "--sample-every", "20", "--sample-length", "30");
        assertEquals("", r.err(), r::toString);
        assertFalse(r.out().contains("\r"), "no carriage returns (progress bar) in:\n" + r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("Training a 1-layer lstm (hidden 16, embedding 8, "), r::toString);
        // update lines now and then (how often is the listener's business), the last one always
        long updates = lines.stream().filter(l -> l.matches("update \\d+/40  loss \\d+\\.\\d+  .*")).count();
        assertTrue(updates >= 2 && updates <= 40, r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("update 40/40  ")), r::toString);
        assertEquals(2, lines.stream().filter(l -> l.matches("validation at update (20|40): \\d+\\.\\d{4} nats/char .*"))
                .count(), r::toString);
        assertEquals(2, lines.stream().filter(l -> l.matches("--- sample at update (20|40) ---")).count(),
                r::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("Sample from it: ./rnn4j sample --checkpoint "), r::toString);

        assertTrue(Files.size(run.resolve(TrainingListener.REPORT)) > 0);
        String samples = Files.readString(run.resolve(TrainingListener.SAMPLES), StandardCharsets.UTF_8);
        assertTrue(samples.startsWith("=== update 20 ===\n") && samples.contains("=== update 40 ===\n"), samples);
    }
}
