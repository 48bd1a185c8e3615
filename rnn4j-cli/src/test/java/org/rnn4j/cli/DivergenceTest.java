package org.rnn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.charlm.Checkpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loss that stops being finite ends training with one clear line, and the last good checkpoint survives. */
class DivergenceTest {
    @TempDir
    Path dir;

    @Test
    void nonFiniteLossStopsTrainingAndKeepsTheLastCheckpoint() throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, "the quick brown fox jumps over the lazy dog. ".repeat(40), StandardCharsets.UTF_8);
        Path run = dir.resolve("run");
        // Adam moves every weight by about the learning rate: 1e38 twice overflows float, so the loss becomes NaN
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--optimizer", "adam", "--learning-rate", "1e38",
                "--grad-clip", "0", "--steps", "20", "--eval-every", "1", "--sample-every", "0", "--val-frac", "0",
                "--hidden-size", "16", "--layers", "1", "--batch-size", "2", "--seq-length", "8",
                "--checkpoint-dir", run.toString());
        assertEquals(3, r.exitCode(), r::toString);
        String[] errLines = r.err().strip().split("\\R");
        assertEquals(1, errLines.length, r::toString);
        assertTrue(errLines[0].startsWith("rnn4j: the training loss became"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);

        Checkpoint.Loaded saved = Checkpoint.read(run);
        assertTrue(saved.progress().step >= 1 && saved.progress().step < 20, "checkpoint at " + saved.progress().step);
        for (float loss : saved.progress().trainLoss) {
            assertTrue(Float.isFinite(loss), "a non-finite loss was checkpointed");
        }
        assertEquals(0, Cli.run("sample", "--checkpoint", run.toString(), "--length", "10").exitCode());
    }
}
