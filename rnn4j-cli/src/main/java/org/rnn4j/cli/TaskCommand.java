package org.rnn4j.cli;

import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code rnn4j task}: the long-time-lag benchmarks of the vanishing-gradient literature. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = {"Long-time-lag tasks that show whether a recurrent network can carry information (and "
                + "gradient) across many steps: the adding problem, the copy-memory task, row-by-row and "
                + "pixel-by-pixel MNIST, and the table of which cells solve the adding problem at which lengths.",
                "See docs/vanishing-gradients.md."},
        subcommands = {AddingCommand.class, CopyCommand.class, SequentialMnistCommand.class,
                AddingTableCommand.class})
final class TaskCommand {
    /**
     * The up-front checks the task commands (tag, translate, gradflow, task …) share: made before any data is read
     * or any training starts, each refusal one {@link UserError} naming the flag as the user types it.
     */
    static final class Checks {
        private Checks() {
        }

        /** A learning rate: a positive, finite number. */
        static void rate(String flag, double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new UserError(flag + " must be a positive, finite number, not " + value);
            }
        }

        /** A dropout probability or similar: in [0, 1). */
        static void probability(String flag, double value) {
            if (!(value >= 0 && value < 1)) {
                throw new UserError(flag + " must be in [0, 1), not " + value);
            }
        }

        /** A gradient-clipping norm: finite and at least 0 (0 = off). */
        static void gradClip(String flag, double value) {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new UserError(flag + " must be a finite number ≥ 0 (0 = off), not " + value);
            }
        }

        /** The {@code --lr-decay} and {@code --grad-clip} of a task's train. */
        static void decayAndClip(DecayAndClipOptions o) {
            if (!(o.lrDecay > 0 && o.lrDecay <= 1)) {
                throw new UserError("--lr-decay must be in (0, 1] (the learning-rate factor after each epoch), not "
                        + o.lrDecay);
            }
            gradClip("--grad-clip", o.gradClip);
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

        /** A file to read: it exists and is not a directory. */
        static void inputFile(String flag, Path file, String what) {
            if (Files.isDirectory(file)) {
                throw new UserError(flag + " " + file + " is a directory; name the " + what);
            }
            if (!Files.exists(file)) {
                throw new UserError(flag + " " + file + ": no such file");
            }
        }
    }

    /**
     * Adds up the parameters of a model to be built, shape by shape, and refuses with the flags named when one
     * tensor, or all of them together (they live in one buffer), would not fit in a Java array.
     */
    static final class ParameterCount {
        private final String allFlags;
        private long total;

        /** @param allFlags the size flags, named when only the sum of all tensors is too large */
        ParameterCount(String allFlags) {
            this.allFlags = allFlags;
        }

        /** Adds a tensor of the given dimensions, which {@code flags} set. */
        ParameterCount add(String flags, long... dimensions) {
            total += Limits.arrayLength(flags, dimensions);
            if (total > Limits.MAX_ARRAY) {
                throw new UserError(allFlags + " too large: the model would have more than " + Limits.MAX_ARRAY
                        + " parameters, more than one buffer holds");
            }
            return this;
        }

        /**
         * Adds one layer of a recurrent network (both directions when bidirectional): per direction the weights
         * gates·H × I and gates·H × H and two biases of gates·H; and checks that the arrays of a batch, T × B ×
         * gates·H and (T + 1) × B × H, fit too.
         */
        ParameterCount recurrent(String flags, int gates, long input, long hidden, boolean bidirectional,
                                 long steps, long batch) {
            long rows = Limits.arrayLength(flags, gates, hidden);
            for (int d = bidirectional ? 2 : 1; d > 0; d--) {
                add(flags, rows, input).add(flags, rows, hidden).add(flags, rows).add(flags, rows);
            }
            Limits.arrayLength(flags, steps, batch, rows);
            Limits.arrayLength(flags, steps + 1, batch, hidden);
            return this;
        }

        /** The parameters added so far. */
        long total() {
            return total;
        }
    }
}
