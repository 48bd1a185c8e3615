package org.rnn4j.cli;

import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Checkpoint;
import org.rnn4j.charlm.ModelFile;
import org.rnn4j.charlm.TextCorpus;
import org.rnn4j.charlm.Trainer;
import org.rnn4j.charlm.TrainingConfig;
import org.rnn4j.io.SafetensorsReader;
import org.rnn4j.optim.DivergedException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code rnn4j train}: trains a character-level language model, with checkpoints, samples and a report. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Trains a character-level language model on a UTF-8 text (default: the bundled King James "
                + "Pentateuch), printing progress and samples, writing checkpoints and a report."})
public final class TrainCommand implements Callable<Integer> {
    /** The flags that mean something to a resumed run; the others would be silently ignored. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--steps", "--output", "--threads", "--gemm");
    /** The flags that --init-from's model file decides. */
    private static final Set<String> ARCHITECTURE_OPTIONS = Set.of("--cell", "--layers", "--hidden-size",
            "--embedding-size");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text to learn (default: the bundled corpus)")
    Path data;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm, gru, rnn_tanh or rnn_relu (default: ${DEFAULT-VALUE})")
    String cell;

    @Option(names = "--layers", defaultValue = "2", description = "recurrent layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--hidden-size", defaultValue = "128", description = "hidden units per layer (default: ${DEFAULT-VALUE})")
    int hiddenSize;

    @Option(names = "--embedding-size", defaultValue = "64", description = "character embedding size (default: ${DEFAULT-VALUE})")
    int embeddingSize;

    @Option(names = "--dropout", defaultValue = "0", description = "dropout between recurrent layers (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--seq-length", defaultValue = "64", description = "characters per stream per update, the BPTT length (default: ${DEFAULT-VALUE})")
    int seqLength;

    @Option(names = "--batch-size", defaultValue = "32", description = "parallel streams (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adagrad, rmsprop, adam or adamw, with PyTorch's defaults (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--learning-rate", defaultValue = "2e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0", description = "momentum of sgd and rmsprop (default: ${DEFAULT-VALUE})")
    double momentum;

    @Option(names = "--weight-decay", description = "weight decay (default: 0.01 for adamw, else 0)")
    Double weightDecay;

    @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant, step, exponential or cosine (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--lr-decay", defaultValue = "0.97", description = "decay factor of step (per --lr-decay-every updates) and exponential (per update) schedules (default: ${DEFAULT-VALUE})")
    double decayRate;

    @Option(names = "--lr-decay-every", defaultValue = "1000", description = "updates between decays of the step schedule (default: ${DEFAULT-VALUE})")
    int decayEvery;

    @Option(names = "--min-learning-rate", defaultValue = "0", description = "final rate of the cosine schedule (default: ${DEFAULT-VALUE})")
    double minLearningRate;

    @Option(names = "--warmup-steps", defaultValue = "0", description = "updates of linear warm-up (default: ${DEFAULT-VALUE})")
    int warmupSteps;

    @Option(names = "--grad-clip", defaultValue = "5", description = "maximum global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
    double gradClip;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--epochs", description = "passes over the training text")
        Double epochs;

        @Option(names = "--steps", description = "optimizer updates (default: 400)")
        Long steps;
    }

    @Option(names = "--val-frac", defaultValue = "0.1", description = "fraction of the text, from its end, held out for validation (default: ${DEFAULT-VALUE})")
    double valFrac;

    @Option(names = "--eval-every", defaultValue = "100", description = "updates between validations and checkpoints (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--sample-every", defaultValue = "100", description = "updates between samples printed while training, 0 = none (default: ${DEFAULT-VALUE})")
    int sampleEvery;

    @Option(names = "--sample-length", defaultValue = "200", description = "characters per sample (default: ${DEFAULT-VALUE})")
    int sampleLength;

    @Option(names = "--temperature", defaultValue = "0.8", description = "temperature of the samples taken while training (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--seed", defaultValue = "42", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", description = "matrix products: auto, openblas, vector or java (default: ${DEFAULT-VALUE}: the fastest available)")
    String gemm;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "where checkpoints and the report go (default: runs/<date-time>)")
    Path checkpointDir;

    @Option(names = "--output", paramLabel = "FILE", description = "also write the final model here")
    Path output;

    @Option(names = "--init-from", paramLabel = "FILE", description = "start from this model file, taking its architecture and vocabulary")
    Path initFrom;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run checkpointed in DIR with its saved "
            + "configuration (only --steps, --output, --threads and --gemm may be given with it)")
    Path resume;

    /** Whether this run made its checkpoint directory (removed again if it stops before writing into it). */
    private boolean createdDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Threads.Choice gemmChoice = Threads.configure(threads, gemm);
        checkOutput();
        Trainer trainer;
        Path dir;
        if (resume != null) {
            if (initFrom != null) {
                throw new UserError("--resume and --init-from cannot be combined");
            }
            for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
                if (!RESUME_OPTIONS.contains(option.longestName())) {
                    throw new UserError(option.longestName() + " cannot be given with --resume: the run continues "
                            + "with the configuration saved in " + resume
                            + " (only --steps, --output, --threads and --gemm apply)");
                }
            }
            dir = resume;
            Checkpoint.Loaded saved = Checkpoint.read(resume);
            TrainingConfig config = saved.config();
            if (length.steps != null) {
                config = withSteps(config, length.steps);
                // the trainer runs to the length in the configuration it is given
                saved = new Checkpoint.Loaded(config, saved.model(), saved.optimizer(), saved.carried(),
                        saved.dropoutRng(), saved.sampleRng(), saved.progress(), saved.gemm());
            }
            TextCorpus corpus = Corpora.load(config.data() == null ? null : Paths.get(config.data()),
                    saved.model().vocabulary());
            trainer = Trainer.resume(saved, corpus, dir);
            if (saved.progress().step >= config.steps()) {
                err.println("rnn4j: the run in " + dir + " is already complete (" + saved.progress().step
                        + " updates); pass --steps N to continue further");
                return Main.USAGE_ERROR;
            }
            out.printf(Locale.ROOT, "Resuming %s at update %d of %d%n", dir, saved.progress().step, config.steps());
            if (saved.gemm() != null && !saved.gemm().equals(org.rnn4j.math.Gemm.backend().name())) {
                out.println("Note: this run was checkpointed with matrix backend " + saved.gemm() + " and continues with "
                        + org.rnn4j.math.Gemm.backend().name() + "; the result will differ slightly from an "
                        + "uninterrupted run");
            }
        } else {
            if (checkpointDir != null && Files.exists(checkpointDir) && !Files.isDirectory(checkpointDir)) {
                throw new UserError(checkpointDir + " is a file, not a directory; choose another --checkpoint-dir");
            }
            CharLanguageModel initial = null;
            TextCorpus corpus;
            if (initFrom != null) {
                checkInitFromFlags();
                initial = ModelFile.load(initFrom);
                corpus = Corpora.load(data, initial.vocabulary());
            } else {
                corpus = Corpora.load(data, null);
            }
            dir = checkpointDir != null ? checkpointDir
                    : Paths.get("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            if (Checkpoint.exists(dir)) {
                throw new UserError(dir + " already holds a training run; continue it with --resume " + dir
                        + " or choose another --checkpoint-dir");
            }
            TrainingConfig config = config(corpus, initial);
            trainer = Trainer.start(config, corpus, initial, dir);
            createdDir = !Files.exists(dir);
            createCheckpointDir(dir);       // before training: a directory that cannot be made fails now
            CharLanguageModel m = trainer.model();
            out.printf(Locale.ROOT, "Training a %d-layer %s (hidden %d, embedding %d, %,d parameters) on %s: "
                            + "%,d characters, vocabulary %d, %,d for validation%n",
                    m.architecture().layers(), m.architecture().cell().id(), m.architecture().hiddenSize(),
                    m.architecture().embeddingSize(), m.parameters().size(),
                    data == null ? "the bundled corpus" : data, corpus.length(), m.vocabulary().size(),
                    trainer.validationCharacters());
            out.printf(Locale.ROOT, "%d updates of %d×%d characters (%d per epoch); checkpoints in %s%n",
                    config.steps(), config.batchSize(), config.seqLength(), trainer.updatesPerEpoch(), dir);
        }
        checkRunFiles(dir);
        out.println("Matrix products: " + gemmChoice.note());
        TrainingListener listener = new TrainingListener(out, trainer, dir);
        try {
            trainer.run(listener);
        } catch (DivergedException e) {
            listener.finishLine();
            removeIfEmpty(dir);
            throw e;                        // Main reports it: one line, exit code 3
        }
        listener.finishLine();
        if (output != null) {
            ModelFile.save(trainer.model(), output);
            out.println("Model written to " + output);
        }
        out.println("Model: " + dir.resolve(Checkpoint.MODEL_FILE) + "   report: " + dir.resolve(TrainingListener.REPORT));
        out.println("Sample from it: ./rnn4j sample --checkpoint " + dir.resolve(Checkpoint.MODEL_FILE));
        return 0;
    }

    /**
     * Where --output goes must be checked before training, not when the model is written at the end; and it may
     * replace only a model file, never the training text, a training state or any other file.
     */
    private void checkOutput() {
        if (output != null) {
            FlagChecks.modelOutput(output, TrainCommand::isModelFile, "an rnn4j model file");
        }
    }

    /** Whether the file is a character model that rnn4j wrote (not a training state, not anything else). */
    private static boolean isModelFile(Path file) {
        try {
            var metadata = SafetensorsReader.read(file).metadata();
            return metadata.containsKey(ModelFile.METADATA_KEY) && !metadata.containsKey(Checkpoint.METADATA_KEY);
        } catch (IOException e) {
            return false;
        }
    }

    /** --init-from takes the architecture from the model file: a flag that would set it is refused, not ignored. */
    private void checkInitFromFlags() {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (ARCHITECTURE_OPTIONS.contains(option.longestName())) {
                throw new UserError(option.longestName() + " cannot be given with --init-from: the model's "
                        + "architecture comes from " + initFrom);
            }
        }
    }

    /**
     * Every file a checkpoint writes can be replaced: a directory in the way would stop the run at its first
     * checkpoint, with some of its files written and others not.
     */
    private static void checkRunFiles(Path dir) {
        for (String name : new String[] {Checkpoint.STATE_FILE, Checkpoint.MODEL_FILE, TrainingListener.REPORT,
                TrainingListener.SAMPLES}) {
            if (Files.isDirectory(dir.resolve(name))) {
                throw new UserError(dir.resolve(name) + " is a directory; a checkpoint writes a file there");
            }
        }
    }

    private static void createCheckpointDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the checkpoint directory " + dir + " (" + Main.describe(e) + ")");
        }
    }

    /** The checkpoint directory this run made, when it stopped before writing anything into it. */
    private void removeIfEmpty(Path dir) throws IOException {
        if (createdDir) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }

    private TrainingConfig config(TextCorpus corpus, CharLanguageModel initial) {
        String cellId = initial != null ? initial.architecture().cell().id() : cell;
        int l = initial != null ? initial.architecture().layers() : layers;
        int h = initial != null ? initial.architecture().hiddenSize() : hiddenSize;
        int e = initial != null ? initial.architecture().embeddingSize() : embeddingSize;
        double wd = weightDecay != null ? weightDecay : ("adamw".equals(optimizer) ? 0.01 : 0.0);
        long steps;
        if (length.epochs != null) {
            if (!(length.epochs > 0)) {
                throw new UserError("--epochs must be positive");
            }
            int trainChars = corpus.length() - (int) Math.floor(corpus.length() * valFrac);
            long perEpoch = Math.max(1, ((long) trainChars / batchSize - 1) / seqLength);
            if (!(length.epochs * perEpoch < Long.MAX_VALUE)) {
                throw new UserError("--epochs " + length.epochs + " is too many: more than 2^63 updates");
            }
            steps = Math.max(1, Math.round(length.epochs * perEpoch));
        } else {
            steps = length.steps != null ? length.steps : 400;
        }
        return new TrainingConfig(data == null ? null : data.toAbsolutePath().toString(), cellId, l, h, e, dropout,
                seqLength, batchSize, optimizer, learningRate, momentum, wd, schedule, decayEvery, decayRate,
                warmupSteps, minLearningRate, gradClip, steps, valFrac, evalEvery, sampleEvery, sampleLength,
                temperature, seed, initFrom == null ? null : initFrom.toAbsolutePath().toString());
    }

    private static TrainingConfig withSteps(TrainingConfig c, long steps) {
        return new TrainingConfig(c.data(), c.cell(), c.layers(), c.hiddenSize(), c.embeddingSize(), c.dropout(),
                c.seqLength(), c.batchSize(), c.optimizer(), c.learningRate(), c.momentum(), c.weightDecay(),
                c.schedule(), c.decayEvery(), c.decayRate(), c.warmupSteps(), c.minLearningRate(), c.gradClip(),
                steps, c.valFrac(), c.evalEvery(), c.sampleEvery(), c.sampleLength(), c.sampleTemperature(),
                c.seed(), c.initFrom());
    }
}
