package org.rnn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The flags of the task commands (classify-image, classify, generate), as {@link BadInputTest} checks those of
 * train and sample: a bad value gets exit code 2 and one line on stderr naming the flag, no stack trace, and no
 * file written or changed. The training flags are checked before any data is read: the train cases point
 * --data-dir at a folder that does not exist, so a check made after loading would blame the folder instead.
 * A run whose loss becomes NaN stops with exit code 3 and writes no model.
 */
class TaskFlagsBadInputTest {
    @TempDir
    static Path tmp;
    /** Every file under tmp before the cases run. */
    static FileSnapshot files;

    @BeforeAll
    static void fixtures() throws IOException {
        String data = SharedData.dir().toString();
        Cli.ok("classify-image", "train", "--data-dir", data, "--output", tmp.resolve("image.safetensors").toString(),
                "--train-limit", "200", "--val-size", "50", "--test-limit", "50", "--hidden-size", "8",
                "--epochs", "1", "--threads", "1");
        Cli.ok("generate", "train", "--data-dir", data, "--output", tmp.resolve("names.safetensors").toString(),
                "--train-limit", "200", "--hidden-size", "8", "--embedding-size", "8", "--epochs", "1",
                "--threads", "1");
        Files.copy(tmp.resolve("names.safetensors"), tmp.resolve("previous-output.safetensors"));
        Files.createDirectories(tmp.resolve("a-directory"));
        Files.writeString(tmp.resolve("languages.txt"), "Russian\n", StandardCharsets.UTF_8);
        files = FileSnapshot.of(tmp);
    }

    /** A train subcommand with no data to read and (unless args name one) an existing --output that must survive. */
    static String[] train(String command, String... args) {
        String[] base = command.equals("classify")
                ? new String[] {"classify", "train", "--dataset", "names"}
                : new String[] {command, "train"};
        base = Cli.concat(base, "--data-dir", "{tmp}/no-data");
        if (!Arrays.asList(args).contains("--output")) {
            base = Cli.concat(base, "--output", "{tmp}/previous-output.safetensors");
        }
        return Cli.concat(base, args);
    }

    static Arguments bad(String name, String expected, String... args) {
        return arguments(name, expected, args);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String command : new String[] {"classify-image", "classify", "generate"}) {
            // 1: a batch whose arrays overflow
            cases.add(bad(command + " --batch-size at the int limit", "--batch-size too large",
                    train(command, "--batch-size", "2147483647")));
            // 3: a model whose parameters overflow one buffer
            cases.add(bad(command + " --hidden-size at the int limit", "--hidden-size too large",
                    train(command, "--hidden-size", "2147483647")));
            // 5: a learning rate that is not a number
            cases.add(bad(command + " --learning-rate Infinity", "--learning-rate must be a positive number",
                    train(command, "--learning-rate", "Infinity")));
            // 6: NaN and negative clipping
            cases.add(bad(command + " --grad-clip NaN", "--grad-clip must be 0 or a positive number",
                    train(command, "--grad-clip", "NaN")));
            cases.add(bad(command + " --grad-clip -1", "--grad-clip must be 0 or a positive number",
                    train(command, "--grad-clip", "-1")));
            cases.add(bad(command + " --lr-decay 1.5", "--lr-decay must be in (0, 1]",
                    train(command, "--lr-decay", "1.5")));
            // 12: --output in a missing folder is refused, not created
            cases.add(bad(command + " --output in a missing directory",
                    "--output {tmp}/missing-dir/model.safetensors: no such directory: {tmp}/missing-dir",
                    train(command, "--output", "{tmp}/missing-dir/model.safetensors")));
            cases.add(bad(command + " --output is a directory", "--output {tmp}/a-directory is a directory",
                    train(command, "--output", "{tmp}/a-directory")));
        }
        cases.addAll(List.of(
                // 2, 7, 10: the image counts
                bad("classify-image --train-limit -1", "--train-limit must be positive",
                        train("classify-image", "--train-limit", "-1")),
                bad("classify-image --train-limit 0", "--train-limit must be positive",
                        train("classify-image", "--train-limit", "0")),
                bad("classify-image --test-limit -1", "--test-limit must be positive",
                        train("classify-image", "--test-limit", "-1")),
                bad("classify-image --test-limit 0", "--test-limit must be positive",
                        train("classify-image", "--test-limit", "0")),
                bad("classify-image --val-size not below --train-limit", "--val-size (5000) must be less than "
                        + "--train-limit (200)", train("classify-image", "--train-limit", "200")),
                bad("classify-image eval --limit -1", "--limit must be positive", "classify-image", "eval",
                        "--checkpoint", "{tmp}/image.safetensors", "--data-dir", "{tmp}/no-data", "--limit", "-1"),
                bad("classify-image eval --limit 0", "--limit must be positive", "classify-image", "eval",
                        "--checkpoint", "{tmp}/image.safetensors", "--data-dir", "{tmp}/no-data", "--limit", "0"),
                // 3: the embedding
                bad("classify --embedding-size at the int limit", "--embedding-size too large",
                        train("classify", "--embedding-size", "2147483647")),
                bad("generate --embedding-size at the int limit", "--embedding-size too large",
                        train("generate", "--embedding-size", "2147483647")),
                bad("classify --layers at the int limit", "--layers and --hidden-size too large",
                        train("classify", "--layers", "2147483647")),
                // 4: a directory as the model file
                bad("classify-image eval --checkpoint a directory",
                        "--checkpoint {tmp}/a-directory is a directory; name the model file",
                        "classify-image", "eval", "--checkpoint", "{tmp}/a-directory"),
                bad("classify-image predict --checkpoint a directory",
                        "--checkpoint {tmp}/a-directory is a directory; name the model file",
                        "classify-image", "predict", "--checkpoint", "{tmp}/a-directory"),
                bad("classify eval --checkpoint a directory",
                        "--checkpoint {tmp}/a-directory is a directory; name the model file",
                        "classify", "eval", "--checkpoint", "{tmp}/a-directory"),
                bad("classify predict --checkpoint a directory",
                        "--checkpoint {tmp}/a-directory is a directory; name the model file",
                        "classify", "predict", "--checkpoint", "{tmp}/a-directory"),
                bad("generate eval --checkpoint a directory",
                        "--checkpoint {tmp}/a-directory is a directory; name the model file",
                        "generate", "eval", "--checkpoint", "{tmp}/a-directory"),
                bad("generate predict --checkpoint a directory",
                        "--checkpoint {tmp}/a-directory is a directory; name the model file",
                        "generate", "predict", "--checkpoint", "{tmp}/a-directory", "--input", "{tmp}/languages.txt"),
                bad("generate eval --classifier a directory",
                        "--classifier {tmp}/a-directory is a directory; name the model file",
                        "generate", "eval", "--checkpoint", "{tmp}/names.safetensors", "--classifier",
                        "{tmp}/a-directory"),
                // 5: the other rates of classify
                bad("classify --weight-decay Infinity", "--weight-decay must be 0 or a positive number",
                        train("classify", "--weight-decay", "Infinity")),
                bad("classify --forget-bias NaN", "--forget-bias must be a finite number",
                        train("classify", "--forget-bias", "NaN")),
                bad("classify --forget-bias Infinity", "--forget-bias must be a finite number",
                        train("classify", "--forget-bias", "Infinity")),
                bad("classify --forget-bias with gru", "--forget-bias needs --cell lstm",
                        train("classify", "--cell", "gru", "--forget-bias", "1")),
                // 8: the temperature
                bad("generate train --temperature Infinity", "--temperature must be a positive number",
                        train("generate", "--temperature", "Infinity")),
                bad("generate eval --temperature NaN", "--temperature must be a positive number",
                        "generate", "eval", "--checkpoint", "{tmp}/names.safetensors", "--data-dir", "{tmp}/no-data",
                        "--temperature", "NaN"),
                bad("generate predict --temperature Infinity", "--temperature must be a positive number",
                        "generate", "predict", "--checkpoint", "{tmp}/names.safetensors", "--input",
                        "{tmp}/languages.txt", "--temperature", "Infinity"),
                // 9, 11: vocabulary and validation flags of classify
                bad("classify --min-count 0", "--min-count must be at least 1",
                        train("classify", "--min-count", "0")),
                bad("classify names --validation banana", "--validation applies to --dataset sst2 only",
                        train("classify", "--validation", "banana")),
                bad("classify names --val-size -1", "--val-size applies to --dataset sst2 only",
                        train("classify", "--val-size", "-1")),
                bad("classify eval --split banana", "--split must be test, validation or train",
                        "classify", "eval", "--checkpoint", "{tmp}/names.safetensors", "--split", "banana")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitCodeTwoOneLineNothingTouched(String name, String expected, String[] template) throws IOException {
        String[] args = Arrays.stream(template).map(TaskFlagsBadInputTest::resolve).toArray(String[]::new);
        Cli.Result r = Cli.run(args);
        List<String> touched = files.touched();
        Cli.assertRefused(r, resolve(expected));
        assertEquals("", r.out(), () -> "nothing on stdout:\n" + r);
        assertEquals(List.of(), touched, () -> "the command touched files:\n" + r);
    }

    /** 5: a training loss that becomes NaN stops the run with exit code 3; the existing --output survives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("divergingRuns")
    void divergedTrainingWritesNoModel(String command, String[] args) throws IOException {
        String[] base = command.equals("classify")
                ? new String[] {"classify", "train", "--dataset", "names"}
                : new String[] {command, "train"};
        Cli.Result r = Cli.run(Cli.concat(Cli.concat(base, "--data-dir", SharedData.dir().toString(), "--output",
                tmp.resolve("previous-output.safetensors").toString(), "--epochs", "2", "--hidden-size", "8",
                "--train-limit", "200", "--threads", "1"), args));
        List<String> touched = files.touched();
        assertEquals(3, r.exitCode(), r::toString);
        Cli.assertOneErrorLine(r, "rnn4j: the training loss became NaN at epoch 1", "no model written");
        assertFalse(r.out().contains("model written to"), r::toString);
        assertEquals(List.of(), touched, () -> "the command touched files:\n" + r);
    }

    static Stream<Arguments> divergingRuns() {
        return Stream.of(
                arguments("classify-image", new String[] {"--val-size", "50", "--test-limit", "50",
                        "--learning-rate", "1e99"}),
                arguments("classify", new String[] {"--learning-rate", "1e99"}),
                arguments("classify", new String[] {"--weight-decay", "1e99"}),
                arguments("generate", new String[] {"--learning-rate", "1e99"}));
    }

    static String resolve(String arg) {
        return arg.replace("{tmp}", tmp.toString());
    }

}
