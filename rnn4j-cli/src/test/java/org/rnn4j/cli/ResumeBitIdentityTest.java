package org.rnn4j.cli;

import org.rnn4j.testing.SharedData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.charlm.Checkpoint;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.io.SafetensorsReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A run interrupted (killed with SIGKILL, or stopped at an earlier --steps) and continued with --resume ends
 * with the same weights, bit for bit, as a run never interrupted; and what a kill leaves behind is loadable.
 * The run crosses an epoch boundary (the carried state is reset there) and uses dropout (a random generator
 * that must be saved and restored) and samples while training (another one).
 */
class ResumeBitIdentityTest {
    private static final int STEPS = 120;

    @TempDir
    static Path tmp;
    static Path data;
    static Path uninterrupted;

    /** Everything but --steps and --checkpoint-dir; constant learning rate so that --steps only says when to stop. */
    static String[] config() {
        return new String[] {"train", "--data", data.toString(), "--cell", "lstm", "--layers", "2",
                "--hidden-size", "32", "--embedding-size", "16", "--dropout", "0.2", "--batch-size", "8",
                "--seq-length", "16", "--learning-rate", "3e-3", "--lr-schedule", "constant", "--val-frac", "0.1",
                "--eval-every", "10", "--sample-every", "25", "--sample-length", "20", "--seed", "7"};
    }

    @BeforeAll
    static void trainUninterrupted() throws Exception {
        // 12,000 characters: 10,800 for training in 8 streams of 1,350, an epoch of 84 updates of 16
        data = SharedData.tinyShakespeareSlice(tmp.resolve("shakespeare-12k.txt"), 12_000);
        uninterrupted = tmp.resolve("uninterrupted");
        Cli.ok(Cli.concat(config(), "--steps", String.valueOf(STEPS), "--checkpoint-dir", uninterrupted.toString()));
        assertEquals(STEPS, Checkpoint.read(uninterrupted).progress().step);
    }

    @Test
    void killedRunResumedEndsBitIdentical() throws Exception {
        Path killed = tmp.resolve("killed");
        Path log = tmp.resolve("killed.log");
        Process child = ChildJvm.rnn4j(Cli.concat(config(), "--steps", String.valueOf(STEPS),
                "--checkpoint-dir", killed.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the model file is written after the training state: once it is there, the first checkpoint is whole
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(killed.resolve(Checkpoint.MODEL_FILE))) {
                if (!child.isAlive()) {
                    fail("the child JVM exited (" + child.exitValue() + ") before its first checkpoint:\n"
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint after 60 s:\n" + Files.readString(log));
                }
                Thread.sleep(2);
            }
            child.destroyForcibly();   // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), () -> "the child should have died of SIGKILL, not finished:\n" + log);

        long reached = Checkpoint.read(killed).progress().step;
        assertTrue(reached > 0 && reached < STEPS, "the kill should land mid-run; the checkpoint is at " + reached);
        System.out.println("killed with a checkpoint at update " + reached + " of " + STEPS);
        String childLog = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(childLog.contains("\r"), "no progress bar when stdout is not a terminal:\n" + childLog);
        assertTrue(childLog.lines().anyMatch(l -> l.matches("update \\d+/" + STEPS + "  loss \\d+\\.\\d{4}  .*")),
                "plain progress lines:\n" + childLog);

        // what the kill left is a usable model
        Cli.Result sample = Cli.ok("sample", "--checkpoint", killed.toString(), "--length", "40", "--seed", "3");
        assertEquals(40, sample.out().strip().codePointCount(0, sample.out().strip().length()), sample::toString);
        Cli.ok("sample", "--checkpoint", killed.resolve(Checkpoint.MODEL_FILE).toString(), "--length", "10");

        Cli.Result resumed = Cli.ok("train", "--resume", killed.toString());
        assertTrue(resumed.out().contains("Resuming " + killed + " at update " + reached + " of " + STEPS),
                resumed::toString);
        assertSameRun(uninterrupted, killed);
    }

    @Test
    void stoppedRunExtendedWithStepsEndsBitIdentical() throws Exception {
        Path part = tmp.resolve("part");
        Cli.ok(Cli.concat(config(), "--steps", "40", "--checkpoint-dir", part.toString()));
        assertEquals(40, Checkpoint.read(part).progress().step);
        // --steps on resume sets the run's new total length
        Cli.Result resumed = Cli.ok("train", "--resume", part.toString(), "--steps", String.valueOf(STEPS));
        assertTrue(resumed.out().contains("at update 40 of " + STEPS), resumed::toString);
        assertSameRun(uninterrupted, part);
    }

    /**
     * The training state is written before the model file: a kill between the two at the first checkpoint
     * leaves a directory with the state alone, which sample and eval read the model from, and --resume continues.
     */
    @Test
    void killedBetweenTheTwoFilesOfTheFirstCheckpoint() throws Exception {
        Path first = tmp.resolve("first");
        Cli.ok(Cli.concat(config(), "--steps", "10", "--checkpoint-dir", first.toString()));
        Path model = tmp.resolve("first-model.safetensors");
        Files.move(first.resolve(Checkpoint.MODEL_FILE), model);

        String[] flags = {"--length", "80", "--seed", "5", "--prime", "ROMEO:"};
        assertEquals(Cli.ok(Cli.concat(new String[] {"sample", "--checkpoint", model.toString()}, flags)).out(),
                Cli.ok(Cli.concat(new String[] {"sample", "--checkpoint", first.toString()}, flags)).out());
        String fromState = Cli.ok("eval", "--checkpoint", first.toString(), "--data", data.toString()).lastLine();
        String fromModel = Cli.ok("eval", "--checkpoint", model.toString(), "--data", data.toString()).lastLine();
        assertEquals(fromModel.replaceAll(" \\([0-9.]+ s\\)$", ""), fromState.replaceAll(" \\([0-9.]+ s\\)$", ""));

        Cli.ok("train", "--resume", first.toString(), "--steps", String.valueOf(STEPS));
        assertSameRun(uninterrupted, first);
    }

    /** The model files are byte-identical; so are the weights, optimizer buffers and carried state of the states. */
    static void assertSameRun(Path expected, Path actual) throws Exception {
        assertArrayEquals(Files.readAllBytes(expected.resolve(Checkpoint.MODEL_FILE)),
                Files.readAllBytes(actual.resolve(Checkpoint.MODEL_FILE)), "model.safetensors differs");
        SafetensorsFile e = SafetensorsReader.read(expected.resolve(Checkpoint.STATE_FILE));
        SafetensorsFile a = SafetensorsReader.read(actual.resolve(Checkpoint.STATE_FILE));
        assertEquals(e.names(), a.names());
        for (String name : e.names()) {
            assertArrayEquals(e.get(name).rawBytes(), a.get(name).rawBytes(), "tensor " + name + " differs");
        }
        assertEquals(e.metadata(), a.metadata(), "training-state metadata (config, step, generators, samples)");
        Checkpoint.Loaded loaded = Checkpoint.read(actual);
        assertEquals(STEPS, loaded.progress().step);
        assertEquals(STEPS, loaded.progress().trainLoss.size());
        assertEquals(STEPS, loaded.optimizer().stepCount());
    }
}
