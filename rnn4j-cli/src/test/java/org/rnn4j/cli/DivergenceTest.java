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
        // Adam moves every weight by about the learning rate: weights of 1e30 make the next loss NaN
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--optimizer", "adam", "--learning-rate", "1e30",
                "--grad-clip", "0", "--steps", "20", "--eval-every", "1", "--sample-every", "0", "--val-frac", "0",
                "--hidden-size", "16", "--layers", "1", "--batch-size", "2", "--seq-length", "8",
                "--checkpoint-dir", run.toString());
        assertEquals(3, r.exitCode(), r::toString);
        String[] errLines = r.err().strip().split("\\R");
        assertEquals(1, errLines.length, r::toString);
        assertTrue(errLines[0].startsWith("rnn4j: the "), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);

        Checkpoint.Loaded saved = Checkpoint.read(run);     // refuses NaN or infinite weights
        assertTrue(saved.progress().step >= 1 && saved.progress().step < 20, "checkpoint at " + saved.progress().step);
        assertTrue(errLines[0].contains("the checkpoint of update " + saved.progress().step + " in " + run
                + " is kept"), r::toString);
        for (float loss : saved.progress().trainLoss) {
            assertTrue(Float.isFinite(loss), "a non-finite loss was checkpointed");
        }
        assertEquals(0, Cli.run("sample", "--checkpoint", run.toString(), "--length", "10").exitCode());
    }

    /** Weights that overflow in the first update: no checkpoint of them, and no empty run directory left. */
    @Test
    void weightsThatBecomeInfiniteAreNeverCheckpointed() throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, "the quick brown fox jumps over the lazy dog. ".repeat(40), StandardCharsets.UTF_8);
        Path run = dir.resolve("run");
        Path output = dir.resolve("final.safetensors");
        // Adam's first step moves every weight by about the learning rate: 1e99 is infinite in float
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--learning-rate", "1e99", "--steps", "5",
                "--eval-every", "1", "--sample-every", "0", "--hidden-size", "8", "--layers", "1", "--batch-size", "2",
                "--seq-length", "8", "--checkpoint-dir", run.toString(), "--output", output.toString());
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals("rnn4j: the weights became NaN or infinite by update 1; stopped, no checkpoint was written (try "
                + "a lower --learning-rate or --grad-clip)", r.err().strip(), r::toString);
        assertFalse(Files.exists(run), "an empty run directory was left");
        assertFalse(Files.exists(output), "a model of infinite weights was written");
    }
}
