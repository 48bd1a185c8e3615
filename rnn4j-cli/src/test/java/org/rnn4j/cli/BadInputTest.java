package org.rnn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.ModelFile;
import org.rnn4j.io.SafetensorsWriter;
import org.rnn4j.io.TensorData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad input gets exit code 2 and exactly one line on stderr, starting "rnn4j: " and saying what is wrong,
 * no stack trace anywhere; and it changes no file: not an existing checkpoint, not an existing --output, and
 * it creates no new checkpoint directory.
 */
class BadInputTest {
    @TempDir
    static Path tmp;
    /** Every file under tmp before the cases run. */
    static FileSnapshot files;
    /** Where a model file is cut short. */
    static final String[] TRUNCATIONS = {"empty", "5-bytes", "length-only", "mid-header", "header-only", "half",
        "all-but-1-byte"};

    @BeforeAll
    static void fixtures() throws IOException {
        write("hello.txt", "hello");
        write("good.txt", "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs.\n"
                .repeat(40));   // 3,160 characters: more than one default batch (32 × 65)
        Files.write(tmp.resolve("invalid-utf8.txt"), new byte[] {'a', 'b', (byte) 0xC3, '(', 'c'});
        write("empty.txt", "");
        write("one-char.txt", "h");
        write("short.txt", "too short for a batch of 32 streams of 65 characters");
        Files.createDirectories(tmp.resolve("a-directory"));
        Files.createDirectories(tmp.resolve("empty-run"));
        write("not-a-directory", "a file where a checkpoint directory is asked for");

        // an existing run: the checkpoint every case must leave alone
        Path run = tmp.resolve("run");
        Cli.ok("train", "--data", tmp.resolve("hello.txt").toString(), "--checkpoint-dir", run.toString(),
                "--batch-size", "1", "--seq-length", "4", "--val-frac", "0", "--steps", "20", "--layers", "1",
                "--hidden-size", "8", "--embedding-size", "4", "--sample-every", "0");
        byte[] model = Files.readAllBytes(run.resolve("model.safetensors"));
        Files.write(tmp.resolve("previous-output.safetensors"), model);
        // a copy of the run with a directory where its report goes
        Path blocked = Files.createDirectories(tmp.resolve("run-blocked"));
        for (String name : new String[] {"model.safetensors", "training-state.safetensors", "samples.txt"}) {
            Files.copy(run.resolve(name), blocked.resolve(name));
        }
        Files.createDirectories(blocked.resolve("loss.png"));
        CharLanguageModel diverged = ModelFile.load(run.resolve("model.safetensors"));
        diverged.parameters().data()[3] = Float.NaN;
        ModelFile.save(diverged, tmp.resolve("nan-weights.safetensors"));

        // files that are not models
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        Files.write(tmp.resolve("random.safetensors"), random);
        write("text.safetensors", "This is a text file, not a model.\n");
        SafetensorsWriter.write(tmp.resolve("plain.safetensors"),
                Map.of("weight", TensorData.ofFloats(new float[] {1, 2, 3, 4}, 2, 2)), Map.of("format", "pt"));
        int header = 8 + (int) java.nio.ByteBuffer.wrap(model, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (String cut : TRUNCATIONS) {
            int length = switch (cut) {
                case "empty" -> 0;
                case "5-bytes" -> 5;
                case "length-only" -> 8;
                case "mid-header" -> header / 2;
                case "header-only" -> header;
                case "half" -> model.length / 2;
                case "all-but-1-byte" -> model.length - 1;
                default -> throw new IllegalStateException(cut);
            };
            Files.write(tmp.resolve("truncated-" + cut + ".safetensors"), Arrays.copyOf(model, length));
        }
        files = FileSnapshot.of(tmp);
    }

    static void write(String name, String text) throws IOException {
        Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** A new run into tmp/new-run, with an existing --output that must survive. */
    static String[] train(String... args) {
        return Cli.concat(new String[] {"train", "--checkpoint-dir", "{tmp}/new-run",
                "--output", "{tmp}/previous-output.safetensors"}, args);
    }

    static Arguments bad(String name, String expected, String... args) {
        return arguments(name, expected, args);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // the text to train on
                bad("invalid UTF-8", "invalid UTF-8 at byte 2 of", train("--data", "{tmp}/invalid-utf8.txt")),
                bad("empty file", "empty.txt is empty", train("--data", "{tmp}/empty.txt")),
                bad("shorter than one batch", "shorter than one batch", train("--data", "{tmp}/short.txt")),
                bad("missing file", "no such file: {tmp}/missing.txt", train("--data", "{tmp}/missing.txt")),
                bad("directory as --data", "is a directory", train("--data", "{tmp}/a-directory")),
                // flags
                bad("unknown flag", "Unknown option: '--bogus'", train("--data", "{tmp}/good.txt", "--bogus")),
                bad("unknown subcommand", "'bogus'", "bogus"),
                bad("no subcommand", "Missing required subcommand"),
                bad("not a number", "'--hidden-size': 'abc' is not an int",
                        train("--data", "{tmp}/good.txt", "--hidden-size", "abc")),
                bad("negative learning rate", "--learning-rate must be a positive number",
                        train("--data", "{tmp}/good.txt", "--learning-rate", "-0.01")),
                bad("NaN learning rate", "--learning-rate must be a positive number",
                        train("--data", "{tmp}/good.txt", "--learning-rate", "NaN")),
                bad("zero hidden size", "--hidden-size must be positive",
                        train("--data", "{tmp}/good.txt", "--hidden-size", "0")),
                bad("zero layers", "--layers must be positive", train("--data", "{tmp}/good.txt", "--layers", "0")),
                bad("negative dropout", "--dropout must be in [0, 1)",
                        train("--data", "{tmp}/good.txt", "--dropout", "-0.1")),
                bad("--val-frac 1", "--val-frac must be in [0, 1)",
                        train("--data", "{tmp}/good.txt", "--val-frac", "1")),
                bad("unknown --cell", "--cell must be lstm, gru, rnn_tanh or rnn_relu, not 'transformer'",
                        train("--data", "{tmp}/good.txt", "--cell", "transformer")),
                bad("unknown --optimizer", "--optimizer must be sgd, adagrad, rmsprop, adam or adamw, not 'lion'",
                        train("--data", "{tmp}/good.txt", "--optimizer", "lion")),
                bad("unknown --lr-schedule", "--lr-schedule must be",
                        train("--data", "{tmp}/good.txt", "--lr-schedule", "linear")),
                bad("--steps 0", "steps must be positive", train("--data", "{tmp}/good.txt", "--steps", "0")),
                bad("--epochs 0", "--epochs must be positive", train("--data", "{tmp}/good.txt", "--epochs", "0")),
                bad("--steps and --epochs", "mutually exclusive",
                        train("--data", "{tmp}/good.txt", "--steps", "5", "--epochs", "1")),
                bad("a model too large for one buffer", "parameters",
                        train("--data", "{tmp}/good.txt", "--hidden-size", "100000")),
                bad("--seq-length at the int limit", "= 68719476736 characters",
                        train("--data", "{tmp}/good.txt", "--seq-length", "2147483647")),
                bad("--threads 0", "--threads must be positive", train("--data", "{tmp}/good.txt", "--threads", "0")),
                bad("--threads at the int limit", "--threads 2147483647 is more than 1024",
                        train("--data", "{tmp}/good.txt", "--threads", "2147483647")),
                bad("--batch-size at the int limit", "shorter than one batch",
                        train("--data", "{tmp}/good.txt", "--batch-size", "2147483647")),
                bad("--epochs Infinity", "--epochs Infinity is too many",
                        train("--data", "{tmp}/good.txt", "--epochs", "Infinity")),
                bad("--output is the training text", "{tmp}/good.txt exists and is not an rnn4j model file",
                        "train", "--data", "{tmp}/good.txt", "--checkpoint-dir", "{tmp}/new-run", "--steps", "1",
                        "--output", "{tmp}/good.txt"),
                bad("--output is a training state", "training-state.safetensors exists and is not an rnn4j model",
                        "train", "--resume", "{tmp}/run", "--steps", "30",
                        "--output", "{tmp}/run/training-state.safetensors"),
                bad("--init-from with an architecture flag", "--hidden-size cannot be given with --init-from",
                        train("--data", "{tmp}/hello.txt", "--init-from", "{tmp}/run/model.safetensors",
                                "--hidden-size", "64")),
                bad("--init-from a directory", "{tmp}/a-directory: is a directory",
                        train("--data", "{tmp}/good.txt", "--init-from", "{tmp}/a-directory")),
                bad("--init-from a non-model", "random.safetensors",
                        train("--data", "{tmp}/good.txt", "--init-from", "{tmp}/random.safetensors")),
                // where the run goes
                bad("train into a directory holding a run", "{tmp}/run already holds a training run",
                        "train", "--data", "{tmp}/hello.txt", "--checkpoint-dir", "{tmp}/run", "--batch-size", "1",
                        "--seq-length", "4", "--val-frac", "0", "--steps", "20"),
                bad("--checkpoint-dir that cannot be made", "cannot create the checkpoint directory {tmp}/not-a-directory/run",
                        "train", "--data", "{tmp}/good.txt", "--checkpoint-dir", "{tmp}/not-a-directory/run",
                        "--steps", "1"),
                bad("--checkpoint-dir is a file", "{tmp}/not-a-directory is a file, not a directory",
                        "train", "--data", "{tmp}/good.txt", "--checkpoint-dir", "{tmp}/not-a-directory",
                        "--steps", "1"),
                bad("--output in a missing directory", "no such directory: {tmp}/missing-dir",
                        "train", "--data", "{tmp}/good.txt", "--checkpoint-dir", "{tmp}/new-run", "--steps", "1",
                        "--output", "{tmp}/missing-dir/model.safetensors"),
                bad("--output is a directory", "{tmp}/a-directory is a directory",
                        "train", "--data", "{tmp}/good.txt", "--checkpoint-dir", "{tmp}/new-run", "--steps", "1",
                        "--output", "{tmp}/a-directory"),
                bad("--resume of a directory with no checkpoint", "no such file: {tmp}/empty-run",
                        "train", "--resume", "{tmp}/empty-run"),
                bad("--resume of a missing directory", "no such file: {tmp}/no-run",
                        "train", "--resume", "{tmp}/no-run"),
                bad("--resume of a finished run", "already complete", "train", "--resume", "{tmp}/run"),
                bad("--resume with --steps 0", "steps must be positive",
                        "train", "--resume", "{tmp}/run", "--steps", "0"),
                bad("--resume with a flag it would ignore", "--learning-rate cannot be given with --resume",
                        "train", "--resume", "{tmp}/run", "--steps", "30", "--learning-rate", "1e-4"),
                bad("--resume with --epochs", "--epochs cannot be given with --resume",
                        "train", "--resume", "{tmp}/run", "--epochs", "2"),
                bad("--resume with --data", "--data cannot be given with --resume",
                        "train", "--resume", "{tmp}/run", "--steps", "30", "--data", "{tmp}/hello.txt"),
                bad("--resume into a run with a directory in the way", "{tmp}/run-blocked/loss.png is a directory",
                        "train", "--resume", "{tmp}/run-blocked", "--steps", "30"),
                bad("--resume with --init-from", "cannot be combined", "train", "--resume", "{tmp}/run",
                        "--init-from", "{tmp}/run/model.safetensors"),
                // sampling
                bad("prime with unseen characters", "--prime has characters the model has never seen: 'x', 'z'",
                        "sample", "--checkpoint", "{tmp}/run", "--prime", "hexzh"),
                bad("--temperature 0", "--temperature must be a positive number",
                        "sample", "--checkpoint", "{tmp}/run", "--temperature", "0"),
                bad("--top-k -1", "--top-k must be 0 (off) or positive",
                        "sample", "--checkpoint", "{tmp}/run", "--top-k", "-1"),
                bad("--length -1", "--length must be 0 or positive",
                        "sample", "--checkpoint", "{tmp}/run", "--length", "-1"),
                bad("sample without --checkpoint", "Missing required option: '--checkpoint", "sample"),
                bad("model with NaN weights", "weights are NaN or infinite",
                        "sample", "--checkpoint", "{tmp}/nan-weights.safetensors"),
                bad("device as --checkpoint", "/dev/null: is not a regular file",
                        "eval", "--checkpoint", "/dev/null", "--data", "{tmp}/hello.txt"),
                bad("bench --seconds Infinity", "--seconds Infinity is more than a day",
                        "bench", "--seconds", "Infinity"),
                bad("bench --hidden-size at the int limit", "--hidden-size 2147483647 make a layer's gates of one update",
                        "bench", "--hidden-size", "2147483647"),
                bad("bench --embedding-size at the int limit", "--embedding-size 2147483647 make a model of",
                        "bench", "--embedding-size", "2147483647"),
                bad("--quantize int4", "--quantize takes int8 (8-bit weights); got 'int4'",
                        "sample", "--checkpoint", "{tmp}/run", "--quantize", "int4"),
                bad("--quantize for eval", "--quantize takes int8 (8-bit weights); got 'INT8'",
                        "eval", "--checkpoint", "{tmp}/run", "--data", "{tmp}/hello.txt", "--quantize", "INT8"),
                bad("--quantize int8 while training", "--quantize int8 is for --sample",
                        "bench", "--quantize", "int8", "--seconds", "1"),
                // files that are not models
                bad("random bytes as --checkpoint", "{tmp}/random.safetensors",
                        "sample", "--checkpoint", "{tmp}/random.safetensors"),
                bad("text file as --checkpoint", "{tmp}/text.safetensors",
                        "sample", "--checkpoint", "{tmp}/text.safetensors"),
                bad("safetensors without rnn4j metadata", "not an rnn4j model",
                        "sample", "--checkpoint", "{tmp}/plain.safetensors"),
                bad("training state as a model", "{tmp}/run/training-state.safetensors is a training state",
                        "sample", "--checkpoint", "{tmp}/run/training-state.safetensors"),
                bad("missing model file", "no such file: {tmp}/missing.safetensors",
                        "sample", "--checkpoint", "{tmp}/missing.safetensors"),
                bad("directory without a model", "no such file: {tmp}/empty-run/model.safetensors",
                        "sample", "--checkpoint", "{tmp}/empty-run"),
                bad("non-model for eval", "{tmp}/text.safetensors",
                        "eval", "--checkpoint", "{tmp}/text.safetensors", "--data", "{tmp}/hello.txt"),
                // evaluation texts
                bad("eval on characters the model lacks", "has characters the model has never seen: U+000A, U+0020",
                        "eval", "--checkpoint", "{tmp}/run", "--data", "{tmp}/good.txt"),
                bad("eval on invalid UTF-8", "invalid UTF-8",
                        "eval", "--checkpoint", "{tmp}/run", "--data", "{tmp}/invalid-utf8.txt"),
                bad("eval on an empty file", "is empty",
                        "eval", "--checkpoint", "{tmp}/run", "--data", "{tmp}/empty.txt"),
                bad("eval on one character", "nothing to predict",
                        "eval", "--checkpoint", "{tmp}/run", "--data", "{tmp}/one-char.txt"),
                bad("eval on a missing file", "no such file: {tmp}/missing.txt",
                        "eval", "--checkpoint", "{tmp}/run", "--data", "{tmp}/missing.txt"),
                bad("eval without --data", "Missing required option: '--data", "eval", "--checkpoint", "{tmp}/run"))
                .flatMap(a -> a.get()[0].equals("random bytes as --checkpoint")
                        ? Stream.concat(Stream.of(a), truncated()) : Stream.of(a));
    }

    static Stream<Arguments> truncated() {
        return Arrays.stream(TRUNCATIONS).map(cut -> bad("model file truncated: " + cut,
                "{tmp}/truncated-" + cut + ".safetensors",
                "sample", "--checkpoint", "{tmp}/truncated-" + cut + ".safetensors"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitCodeTwoOneLineNothingTouched(String name, String expected, String[] template) throws IOException {
        String[] args = Arrays.stream(template).map(BadInputTest::resolve).toArray(String[]::new);
        Cli.Result r = Cli.run(args);
        List<String> touched = files.touched();
        Cli.assertRefused(r, resolve(expected));
        assertEquals(List.of(), touched, () -> "the command touched files:\n" + r);
    }

    /** A model that fits in one buffer but not in the heap: one line, exit 2, instead of a JVM stack trace. */
    @Test
    void modelTooLargeForTheHeap() throws Exception {
        Path log = tmp.resolve("out-of-memory.log");
        Process child = ChildJvm.rnn4j(List.of("-Xmx64m"), resolve("train"), "--data", resolve("{tmp}/good.txt"),
                        "--checkpoint-dir", resolve("{tmp}/new-run"), "--layers", "1", "--hidden-size", "3000")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "still running after 60 s");
        // (the JVM's own notice of the Vector API module, which ./rnn4j filters out, is not the command's)
        String err = Files.readString(log, StandardCharsets.UTF_8)
                .replaceFirst("^WARNING: Using incubator modules: [^\\n]*\\R", "");
        Files.delete(log);
        List<String> touched = files.touched();
        assertEquals(2, child.exitValue(), err);
        assertTrue(err.startsWith("rnn4j: out of memory (a Java heap of "), err);
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.contains("Exception") || err.contains("Error") || err.contains("\tat "), err);
        assertEquals(List.of(), touched);
    }

    static String resolve(String arg) {
        return arg.replace("{tmp}", tmp.toString());
    }

}
