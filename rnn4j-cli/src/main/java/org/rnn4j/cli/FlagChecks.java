package org.rnn4j.cli;

import org.rnn4j.nn.CellType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks every command makes of its flags before it reads any data or trains: the values the parser lets
 * through but the command cannot use (NaN, infinities, negative sizes, sizes whose arrays overflow, a file where
 * a folder is needed). Each refusal is one {@link UserError} naming the flag as the user types it.
 */
final class FlagChecks {
    /** The longest Java array (a little under 2^31: the JVM keeps a few words for the header). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private FlagChecks() {
    }

    /**
     * The length of one array of the given dimensions, refused with {@code flags} named when it overflows what a
     * Java array holds; e.g. {@code arrayLength("--batch-size and --seq-length", seq, batch, 4 * hidden)}.
     */
    static long arrayLength(String flags, long... dimensions) {
        long length = 1;
        for (long d : dimensions) {
            if (d <= 0) {
                return 0;       // a non-positive size is the caller's own check to make, with its own message
            }
            if (length > MAX_ARRAY / d) {
                throw new UserError(flags + " too large: one array would need more than " + MAX_ARRAY
                        + " elements, more than Java allows");
            }
            length *= d;
        }
        return length;
    }

    /** The --cell given, one of {@code allowed}: an unknown or unsuitable cell is refused, naming those allowed. */
    static CellType cell(String id, CellType... allowed) {
        for (CellType c : allowed) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            names.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append(allowed[i].id());
        }
        throw new UserError("--cell must be " + names + ", not '" + id + "'");
    }

    /** {@code value}, refused with the flag named unless it is finite. */
    static double finite(String flag, double value) {
        if (!Double.isFinite(value)) {
            throw new UserError(flag + " must be a finite number, not " + value);
        }
        return value;
    }

    static void positive(String flag, long value) {
        if (value <= 0) {
            throw new UserError(flag + " must be positive, not " + value);
        }
    }

    /** A rate, a temperature: positive and finite. */
    static void positive(String flag, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new UserError(flag + " must be a positive number, not " + value);
        }
    }

    /** A value whose 0 means off or none: --grad-clip, --weight-decay, --length-penalty. */
    static void zeroOrPositive(String flag, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new UserError(flag + " must be 0 or a positive number, not " + value);
        }
    }

    /** A probability in [0, 1): the dropouts, --average-decay. */
    static void fraction(String flag, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new UserError(flag + " must be in [0, 1), not " + value);
        }
    }

    /** {@code value}, refused with the flag named unless it lies in [min, max]. */
    static long inRange(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UserError(flag + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** The {@code --lr-decay} and {@code --grad-clip} of a task's train. */
    static void decayAndClip(DecayAndClipOptions o) {
        if (!(o.lrDecay > 0 && o.lrDecay <= 1)) {
            throw new UserError("--lr-decay must be in (0, 1] (the learning-rate factor after each epoch), not "
                    + o.lrDecay);
        }
        zeroOrPositive("--grad-clip", o.gradClip);
    }

    /** A list flag that must not name a value twice, e.g. "--cells names lstm twice". */
    static void noDuplicates(String flag, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                throw new UserError(flag + " names " + v + " twice");
            }
        }
    }

    /** A file to write: not empty, not a directory, in a directory that exists. */
    static void outputFile(String flag, Path file) {
        if (file.toString().isEmpty()) {
            throw new UserError(flag + " must name a file, not be empty");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(flag + " " + file + " is a directory; name the file to write");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(flag + " " + file + ": no such directory: " + parent);
        }
    }

    /**
     * The {@code --output} of a model, before any training: a file to write ({@link #outputFile}) that, if it
     * exists, {@code isModel} recognises as a model (described as {@code kind}): a model may replace a model,
     * never the training text or any other file.
     */
    static void modelOutput(Path output, Predicate<Path> isModel, String kind) {
        outputFile("--output", output);
        if (Files.exists(output) && !isModel.test(output)) {
            throw new UserError("--output " + output + " exists and is not " + kind + "; it would be overwritten: "
                    + "choose another path");
        }
    }

    /** A directory to write files into (created if missing): not empty, not an existing file. */
    static void outputDirectory(String flag, Path dir) {
        if (dir.toString().isEmpty()) {
            throw new UserError(flag + " must name a directory, not be empty");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(flag + " " + dir + " is a file, not a directory");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UserError(flag + " " + dir + ": " + p + " is a file, not a directory");
            }
        }
    }

    /** A file to read (a model, a data set) that exists and is not a directory; {@code what} names it. */
    static void inputFile(String flag, Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new UserError(flag + " " + file + " is a directory; name the " + what);
        }
        if (!Files.exists(file)) {
            throw new UserError(flag + " " + file + ": no such file");
        }
    }
}
