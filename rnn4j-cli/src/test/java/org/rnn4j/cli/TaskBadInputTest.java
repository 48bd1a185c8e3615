package org.rnn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The task commands (tag, translate, gradflow, task …) on bad input: exit code 2 and exactly one line on stderr,
 * starting "rnn4j: " and naming the flag or path at fault, nothing on stdout, no stack trace, and no file
 * written or changed; every flag is checked before any data is read or any training starts. A training loss
 * that becomes NaN stops with exit code 3 and writes no model.
 */
class TaskBadInputTest {
    static final String MAX = "2147483647";

    @TempDir
    static Path tmp;
    /** Every file under tmp before the cases run. */
    static FileSnapshot files;

    @BeforeAll
    static void fixtures() throws IOException {
        String data = SharedData.dir().toString();
        Cli.ok("tag", "train", "--data-dir", data, "--output", tmp.resolve("tagger.safetensors").toString(),
                "--train-limit", "20", "--dev-limit", "5", "--epochs", "1", "--hidden-size", "4",
                "--char-hidden-size", "2", "--embedding-size", "4", "--threads", "1");
        Cli.ok("translate", "train", "--data-dir", data, "--output", tmp.resolve("translator.safetensors").toString(),
                "--limit", "40", "--epochs", "1", "--hidden-size", "4", "--embedding-size", "4", "--beam", "1",
                "--threads", "1");
        Files.createDirectories(tmp.resolve("not-utf8/translation"));
        Files.write(tmp.resolve("not-utf8/translation/fra.txt"),
                "I am here.\tJe suis là.\nI am (\tx\n".replace("(", "\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(tmp.resolve("bogus.conllu"), "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n"
                + "2\tran\trun\tBOGUS\tVBD\t_\t1\tdep\t_\t_\n\n", StandardCharsets.UTF_8);
        Files.write(tmp.resolve("latin1.conllu"), "1\tcaf\u00e9\tcaf\u00e9\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(tmp.resolve("good.conllu"), "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n\n",
                StandardCharsets.UTF_8);
        Files.createDirectories(tmp.resolve("a-directory"));
        Files.writeString(tmp.resolve("a-file"), "not a directory", StandardCharsets.UTF_8);
        // an earlier model that must survive (--output may replace a model, nothing else)
        Files.copy(tmp.resolve("tagger.safetensors"), tmp.resolve("previous-output.safetensors"));
        files = FileSnapshot.of(tmp);
    }

    /** {@code tag train} on a small slice, into an existing --output that must survive. */
    static String[] tagTrain(String... args) {
        return Cli.concat(new String[] {"tag", "train", "--data-dir", SharedData.dir().toString(),
            "--output", "{tmp}/previous-output.safetensors", "--train-limit", "20", "--dev-limit", "5", "--epochs", "2",
            "--hidden-size", "4", "--char-hidden-size", "2", "--embedding-size", "4", "--threads", "1"}, args);
    }

    /** {@code translate train} on a small slice, into an existing --output that must survive. */
    static String[] translateTrain(String... args) {
        return Cli.concat(new String[] {"translate", "train", "--data-dir", SharedData.dir().toString(),
            "--output", "{tmp}/previous-output.safetensors", "--limit", "40", "--epochs", "2", "--hidden-size", "4",
            "--embedding-size", "4", "--threads", "1"}, args);
    }

    static String[] translateEval(String... args) {
        return Cli.concat(new String[] {"translate", "eval", "--model", "{tmp}/translator.safetensors",
            "--data-dir", SharedData.dir().toString(), "--limit", "40", "--threads", "1"}, args);
    }

    static String[] translatePredict(String... args) {
        return Cli.concat(new String[] {"translate", "predict", "--model", "{tmp}/translator.safetensors",
            "--input", "{tmp}/good.conllu"}, args);
    }

    /** The adding-problem table, small enough to finish in a moment if a check is missing. */
    static String[] addingTable(String... args) {
        return Cli.concat(new String[] {"task", "adding-table", "--max-sequences", "32", "--eval-every", "32",
            "--hidden-size", "4", "--test-size", "10", "--threads", "1"}, args);
    }

    /** {@code args} with the value of {@code flag} replaced. */
    static String[] with(String[] args, String flag, String value) {
        String[] copy = args.clone();
        copy[Arrays.asList(copy).indexOf(flag) + 1] = value;
        return copy;
    }

    static Arguments bad(String name, String expected, String... args) {
        return arguments(name, expected, args);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // 1. sizes whose arrays overflow
                bad("translate --embedding-size at the int limit", "--embedding-size",
                        translateTrain("--embedding-size", MAX)),
                bad("translate --hidden-size at the int limit", "--hidden-size", translateTrain("--hidden-size", MAX)),
                bad("tag --embedding-size at the int limit", "--embedding-size", tagTrain("--embedding-size", MAX)),
                bad("tag --char-embedding-size at the int limit", "--char-embedding-size",
                        tagTrain("--char-embedding-size", MAX)),
                bad("tag --char-hidden-size at the int limit", "--char-hidden-size",
                        tagTrain("--char-hidden-size", MAX)),
                bad("tag --hidden-size at the int limit", "--hidden-size", tagTrain("--hidden-size", MAX)),
                bad("tag --layers at the int limit", "--layers", tagTrain("--layers", MAX)),
                bad("translate train --beam at the int limit", "--beam must be between 1 and 1000",
                        translateTrain("--beam", MAX)),
                bad("translate eval --beam at the int limit", "--beam must be between 1 and 1000",
                        translateEval("--beam", MAX)),
                bad("translate predict --beam at the int limit", "--beam must be between 1 and 1000",
                        translatePredict("--beam", MAX)),
                bad("gradflow --steps at the int limit", "--steps", "gradflow", "--steps", MAX),
                bad("gradflow --batch-size at the int limit", "--batch-size", "gradflow", "--batch-size", MAX),
                bad("gradflow --hidden-size at the int limit", "--hidden-size", "gradflow", "--hidden-size", MAX),
                bad("task adding --steps at the int limit", "--steps", "task", "adding", "--steps", MAX),
                bad("task adding --hidden-size at the int limit", "--hidden-size",
                        "task", "adding", "--hidden-size", MAX),
                bad("task adding-table --lengths at the int limit", "--lengths", addingTable("--lengths", MAX)),
                // 2. batch sizes whose bookkeeping overflows
                bad("tag --batch-size at the int limit", "--batch-size", tagTrain("--batch-size", MAX)),
                bad("translate --batch-size at the int limit", "--batch-size", translateTrain("--batch-size", MAX)),
                // 3. a pairs file that is not UTF-8
                bad("translate train on non-UTF-8 pairs", "{tmp}/not-utf8/translation/fra.txt is not valid UTF-8",
                        "translate", "train", "--data-dir", "{tmp}/not-utf8", "--output", "{tmp}/new.safetensors"),
                bad("translate eval on non-UTF-8 pairs", "{tmp}/not-utf8/translation/fra.txt is not valid UTF-8",
                        "translate", "eval", "--data-dir", "{tmp}/not-utf8", "--model", "{tmp}/translator.safetensors"),
                // 4. a gap whose T overflows
                bad("task copy --gap at the int limit", "--gap", "task", "copy", "--gap", MAX),
                // 5. the learning-rate decay
                bad("tag --lr-decay -1", "--lr-decay must be in (0, 1]", tagTrain("--lr-decay", "-1")),
                bad("tag --lr-decay NaN", "--lr-decay must be in (0, 1]", tagTrain("--lr-decay", "NaN")),
                bad("translate --lr-decay Infinity", "--lr-decay must be in (0, 1]",
                        translateTrain("--lr-decay", "Infinity")),
                bad("translate --lr-decay -1", "--lr-decay must be in (0, 1]", translateTrain("--lr-decay", "-1")),
                // 6. the clip norm
                bad("tag --grad-clip NaN", "--grad-clip must be 0 or a positive number", tagTrain("--grad-clip", "NaN")),
                bad("translate --grad-clip -1", "--grad-clip must be 0 or a positive number",
                        translateTrain("--grad-clip", "-1")),
                // 7. word dropout
                bad("tag --word-dropout -1", "--word-dropout must be in [0, 1)", tagTrain("--word-dropout", "-1")),
                bad("tag --word-dropout NaN", "--word-dropout must be in [0, 1)", tagTrain("--word-dropout", "NaN")),
                bad("tag --word-dropout 1e99", "--word-dropout must be in [0, 1)", tagTrain("--word-dropout", "1e99")),
                bad("tag --dropout 1", "--dropout must be in [0, 1)", tagTrain("--dropout", "1")),
                // 8. the length penalty
                bad("translate train --length-penalty -1", "--length-penalty must be a finite number ≥ 0",
                        translateTrain("--length-penalty", "-1")),
                bad("translate eval --length-penalty NaN", "--length-penalty must be a finite number ≥ 0",
                        translateEval("--length-penalty", "NaN")),
                bad("translate predict --length-penalty Infinity", "--length-penalty must be a finite number ≥ 0",
                        translatePredict("--length-penalty", "Infinity")),
                // 9. learning rates that are not finite
                bad("tag --learning-rate Infinity", "--learning-rate must be a positive number",
                        tagTrain("--learning-rate", "Infinity")),
                bad("translate --learning-rate NaN", "--learning-rate must be a positive number",
                        translateTrain("--learning-rate", "NaN")),
                bad("task adding --learning-rate Infinity", "--learning-rate must be a positive number",
                        "task", "adding", "--learning-rate", "Infinity", "--steps", "4", "--hidden-size", "4",
                        "--max-sequences", "32", "--eval-every", "32", "--test-size", "10", "--threads", "1"),
                // 10. a value named twice
                bad("gradflow --cells twice", "--cells names lstm twice",
                        "gradflow", "--cells", "lstm,lstm", "--steps", "2", "--hidden-size", "2", "--batch-size", "1",
                        "--output", "{tmp}/gradflow"),
                bad("task adding-table --lengths twice", "--lengths names 3 twice", addingTable("--lengths", "3,3")),
                bad("task adding-table --cells twice", "--cells names lstm twice",
                        addingTable("--lengths", "3", "--cells", "lstm,lstm")),
                bad("task adding-table --cell-learning-rate twice", "--cell-learning-rate names lstm twice",
                        addingTable("--lengths", "3", "--cells", "lstm", "--cell-learning-rate", "lstm=1e-3,lstm=2e-3")),
                // 11., 12. where the results go
                bad("gradflow --output empty", "--output must name a directory",
                        "gradflow", "--cells", "lstm", "--steps", "2", "--hidden-size", "2", "--batch-size", "1",
                        "--output", ""),
                bad("gradflow --output a file", "--output {tmp}/a-file is a file, not a directory",
                        "gradflow", "--cells", "lstm", "--steps", "2", "--hidden-size", "2", "--batch-size", "1",
                        "--output", "{tmp}/a-file"),
                bad("task adding-table --output a directory", "--output {tmp}/a-directory is a directory",
                        addingTable("--lengths", "3", "--cells", "lstm", "--output", "{tmp}/a-directory")),
                bad("task adding-table --output in a missing directory", "no such directory: {tmp}/missing-dir",
                        addingTable("--lengths", "3", "--cells", "lstm", "--output", "{tmp}/missing-dir/table.md")),
                bad("translate train --cell rnn_tanh", "--cell must be gru or lstm, not 'rnn_tanh'",
                        translateTrain("--cell", "rnn_tanh")),
                bad("tag train --output is a data file", "--output {tmp}/good.conllu exists and is not a model file",
                        with(tagTrain(), "--output", "{tmp}/good.conllu")),
                bad("tag train --output a directory", "--output {tmp}/a-directory is a directory",
                        with(tagTrain(), "--output", "{tmp}/a-directory")),
                // 13. a directory or a missing file where a file is read
                bad("tag eval --model a directory", "--model {tmp}/a-directory is a directory",
                        "tag", "eval", "--model", "{tmp}/a-directory", "--data", "{tmp}/good.conllu"),
                bad("tag eval --data a directory", "--data {tmp}/a-directory is a directory",
                        "tag", "eval", "--model", "{tmp}/tagger.safetensors", "--data", "{tmp}/a-directory"),
                bad("tag eval --data missing", "--data {tmp}/missing.conllu: no such file",
                        "tag", "eval", "--model", "{tmp}/tagger.safetensors", "--data", "{tmp}/missing.conllu"),
                bad("translate eval --model a directory", "--model {tmp}/a-directory is a directory",
                        with(translateEval(), "--model", "{tmp}/a-directory")),
                // 14. --split with --data
                bad("tag eval --split with --data", "--split applies only without --data",
                        "tag", "eval", "--model", "{tmp}/tagger.safetensors", "--data", "{tmp}/good.conllu",
                        "--split", "dev"),
                // 15. a tag that is not UPOS
                bad("tag eval on an unknown UPOS tag", "{tmp}/bogus.conllu:2: unknown UPOS tag 'BOGUS'",
                        "tag", "eval", "--model", "{tmp}/tagger.safetensors", "--data", "{tmp}/bogus.conllu"),
                bad("tag eval on a file that is not UTF-8", "{tmp}/latin1.conllu is not valid UTF-8",
                        "tag", "eval", "--model", "{tmp}/tagger.safetensors", "--data", "{tmp}/latin1.conllu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitCodeTwoOneLineNothingTouched(String name, String expected, String[] template) throws IOException {
        String[] args = Arrays.stream(template).map(TaskBadInputTest::resolve).toArray(String[]::new);
        Cli.Result r = Cli.run(args);
        List<String> touched = files.touched();
        Cli.assertRefused(r, resolve(expected));
        assertEquals("", r.out(), () -> "nothing on stdout:\n" + r);
        assertEquals(List.of(), touched, () -> "the command touched files:\n" + r);
    }

    /**
     * A training loss that becomes NaN, or weights that overflow in an update whose loss was still finite (the
     * last of a one-epoch run used to be saved so): exit 3, one line, and --output neither written nor changed.
     */
    @Test
    void aLossOrWeightsThatBecomeNanWriteNoModel() throws IOException {
        String weights = "rnn4j: the weights became NaN or infinite in epoch 1";
        String loss = "rnn4j: the training loss became NaN at epoch 1, update ";
        Object[][] runs = {
            {tagTrain("--learning-rate", "1e99"), weights},
            {with(tagTrain("--learning-rate", "1e99"), "--epochs", "1"), weights},
            {translateTrain("--learning-rate", "1e99", "--beam", "1"), loss},
            {with(tagTrain("--learning-rate", "1e99"), "--output", "{tmp}/new-model.safetensors"), weights},
        };
        for (Object[] run : runs) {
            String[] args = Arrays.stream((String[]) run[0]).map(TaskBadInputTest::resolve).toArray(String[]::new);
            Cli.Result r = Cli.run(args);
            List<String> touched = files.touched();
            assertEquals(3, r.exitCode(), r::toString);
            Cli.assertOneErrorLine(r, (String) run[1], "; no model written");
            assertFalse(r.out().contains("saved to"), r::toString);
            assertEquals(List.of(), touched, () -> "the command touched files:\n" + r);
        }
    }

    /** A '%' in a description must be written '%%', or picocli warns on stderr while formatting the help. */
    @Test
    void helpHasNoPicocliWarnings() {
        for (String[] args : new String[][] {{"task", "--help"}, {"task", "copy", "--help"}, {"tag", "train", "--help"},
            {"translate", "train", "--help"}, {"gradflow", "--help"}, {"task", "adding-table", "--help"}}) {
            PrintStream saved = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            Cli.Result r;
            try {
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                r = Cli.run(args);
            } finally {
                System.setErr(saved);
            }
            String err = captured.toString(StandardCharsets.UTF_8) + r.err();
            assertEquals(0, r.exitCode(), r::toString);
            assertFalse(err.contains("WARN"), () -> String.join(" ", args) + ":\n" + err);
        }
    }

    static String resolve(String arg) {
        return arg.replace("{tmp}", tmp.toString());
    }

}
