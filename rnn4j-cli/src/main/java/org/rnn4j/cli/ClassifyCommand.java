package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.optim.DivergedException;
import org.rnn4j.tasks.ClassificationMetrics;
import org.rnn4j.tasks.TextUnits;
import org.rnn4j.tasks.classify.ClassificationData;
import org.rnn4j.tasks.classify.ClassifierEvaluation;
import org.rnn4j.tasks.classify.ClassifierTrainer;
import org.rnn4j.tasks.classify.LabeledText;
import org.rnn4j.tasks.classify.SequenceClassifier;
import org.rnn4j.tasks.classify.TextClassifier;
import org.rnn4j.tasks.classify.TextSplits;
import org.rnn4j.tasks.classify.TokenSequences;
import org.rnn4j.text.WordVocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j classify}: the many-to-one form, a recurrent encoder read at each sequence's own last step. Two
 * datasets: {@code names} (surname → one of 18 languages, characters in) and {@code sst2} (sentence → negative
 * or positive, words in).
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Many-to-one: classifies a text (a surname by language, characters in; a sentence by "
                + "sentiment, words in) from a recurrent encoder's final state.",
        subcommands = {ClassifyCommand.Train.class, ClassifyCommand.Eval.class, ClassifyCommand.Predict.class})
public final class ClassifyCommand implements Runnable {
    static final String NAMES = "names";
    static final String SST2 = "sst2";

    @Override
    public void run() {
        throw new UserError("classify needs a subcommand: train, eval or predict (see 'rnn4j classify --help')");
    }

    /** Per-dataset defaults of the options a user leaves out. */
    record Defaults(TextUnits units, int hidden, int embedding, boolean bidirectional, float embeddingDropout,
                    float dropout, int epochs, int batchSize, double learningRate, int minCount,
                    double averageDecay) {
        static Defaults of(String dataset) {
            return switch (dataset) {
                case NAMES -> new Defaults(TextUnits.CHARS, 128, 64, true, 0.1f, 0.3f, 20, 32, 2e-3, 1, 0);
                case SST2 -> new Defaults(TextUnits.WORDS, 128, 128, true, 0.5f, 0.5f, 12, 64, 1e-3, 2, 0.999);
                default -> throw new UserError("--dataset must be names or sst2, not '" + dataset + "'");
            };
        }
    }

    /**
     * The checks of the task commands' flags (classify, classify-image, generate), made before any data is read
     * or a model built: each refusal names the flag as the user types it.
     */
    static final class Checks {
        /** The batches {@link ClassifierTrainer#batches} sorts by length in pools of this many. */
        static final int BATCHES_PER_POOL = 50;

        private Checks() {
        }

        /**
         * The largest arrays one batch needs ((T·B, width) per layer: the gates, the states, the inputs and
         * outputs; the final states (L·D, B, H); a pool of batches), refused, naming the flags, where one
         * overflows. Before the data is read, {@code steps} = 1 and {@code batch} = --batch-size; after, the
         * longest sequence and the batch as large as the data allows.
         *
         * @param inputFlag the flag that sets the input size, or null where the data fixes it
         * @param outputs   the output layer's width per step (the generator's vocabulary), or 0 where the model
         *                  reads out only the final state
         */
        static void batchArrays(long steps, long batch, CellType cell, String inputFlag, long input, long hidden,
                                long layers, boolean bidirectional, long outputs) {
            long d = bidirectional ? 2 : 1;
            FlagChecks.arrayLength("--batch-size", batch, BATCHES_PER_POOL);
            FlagChecks.arrayLength("--batch-size", steps, batch);
            FlagChecks.arrayLength(inputFlag == null ? "--batch-size" : "--batch-size and " + inputFlag,
                    steps, batch, input);
            // the gates (T·B, G·H); the states (T·B + B, H) and a bidirectional layer's outputs (T·B, 2H)
            FlagChecks.arrayLength("--batch-size and --hidden-size", steps + 1, batch, Math.max(cell.gates(), d), hidden);
            FlagChecks.arrayLength("--batch-size, --layers and --hidden-size", layers, d, batch, hidden);
            if (outputs > 0) {
                FlagChecks.arrayLength("--batch-size", steps, batch, outputs);
            }
        }

        /** The longest sequence of a data set (1 for images). */
        static int longest(ClassificationData data) {
            int longest = 1;
            for (int i = 0; i < data.size(); i++) {
                longest = Math.max(longest, data.length(i));
            }
            return longest;
        }

        /** What a training run does when its {@code loss} ("training", "validation") stops being a number. */
        static DivergedException diverged(String loss, double value, int epoch) {
            return new DivergedException("the " + loss + " loss became " + value + " at epoch " + epoch
                    + "; stopped, no model written (try a lower --learning-rate or --grad-clip)");
        }

        /** {@code listener}, stopping training with {@link DivergedException} when a loss is not finite. */
        static ClassifierTrainer.Listener stopIfDiverged(ClassifierTrainer.Listener listener) {
            return new ClassifierTrainer.Listener() {
                @Override
                public void update(int epoch, long step, double loss) {
                    if (!Double.isFinite(loss)) {
                        throw diverged("training", loss, epoch);
                    }
                    listener.update(epoch, step, loss);
                }

                @Override
                public void epoch(ClassifierTrainer.Epoch e) {
                    if (!Double.isFinite(e.validation().loss())) {
                        throw diverged("validation", e.validation().loss(), e.epoch());
                    }
                    listener.epoch(e);
                }
            };
        }
    }

    /** sst2's validation splits: the last items of shuffled train.tsv, or whole held-out sentences. */
    static final String ITEMS = "items";
    static final String SENTENCES = "sentences";

    static TextSplits splits(String dataset, Path dataDir, long splitSeed, int valSize, String validation)
            throws IOException {
        Defaults.of(dataset);
        if (dataset.equals(NAMES)) {
            return TextSplits.names(DataDirectory.resolve(dataDir, "names"), splitSeed);
        }
        Path dir = DataDirectory.resolve(dataDir, "sentiment").resolve("sst2");
        try {
            return switch (validation) {
                case ITEMS -> TextSplits.sst2(dir, splitSeed, valSize);
                case SENTENCES -> TextSplits.sst2Sentences(dir, splitSeed, valSize);
                default -> throw new UserError("--validation must be items or sentences, not '" + validation + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new UserError("--val-size: " + e.getMessage());
        }
    }

    @Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Trains a classifier on a dataset's training split, keeps the epoch best on the "
                    + "validation split, writes the model and reports accuracy and macro-F1 on the test split.",
                    "names: ../shared/data/names, duplicates removed, then a seeded 80/10/10 split. "
                            + "sst2: train.tsv less seeded whole held-out sentences (and their phrases) for validation; dev.tsv is the test set."})
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dataset", required = true, description = "names or sst2")
        String dataset;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding names/ and sentiment/ (default: ../shared/data, found walking up)")
        Path dataDir;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "the model file to write (.safetensors)")
        Path output;

        @Option(names = "--cell", defaultValue = "lstm", description = "lstm, gru, rnn_tanh or rnn_relu (default: ${DEFAULT-VALUE})")
        String cell;

        @Option(names = "--layers", defaultValue = "1", description = "recurrent layers (default: ${DEFAULT-VALUE})")
        int layers;

        @Option(names = "--hidden-size", description = "hidden units per direction (default: 128)")
        Integer hiddenSize;

        @Option(names = "--embedding-size", description = "embedding size (default: names 64, sst2 128)")
        Integer embeddingSize;

        @Option(names = "--bidirectional", negatable = true, description = "a bidirectional encoder (default: yes)")
        Boolean bidirectional;

        @Option(names = "--embedding-dropout", description = "dropout on the embeddings (default: names 0.1, sst2 0.5)")
        Float embeddingDropout;

        @Option(names = "--dropout", description = "dropout on the final states before the output layer (default: names 0.3, sst2 0.5)")
        Float dropout;

        @Option(names = "--word-dropout", defaultValue = "0", description = "probability that a training token is replaced by the unknown token (default: ${DEFAULT-VALUE})")
        double wordDropout;

        @Option(names = "--forget-bias", paramLabel = "B", description = "lstm: start every forget-gate bias at B (default: PyTorch's initialisation)")
        Float forgetBias;

        @Option(names = "--rnn-dropout", defaultValue = "0", description = "dropout between recurrent layers (default: ${DEFAULT-VALUE})")
        float rnnDropout;

        @Option(names = "--epochs", description = "passes over the training split (default: names 20, sst2 12)")
        Integer epochs;

        @Option(names = "--batch-size", description = "examples per update (default: names 32, sst2 64)")
        Integer batchSize;

        @Option(names = "--learning-rate", description = "Adam's learning rate (default: names 2e-3, sst2 1e-3)")
        Double learningRate;

        @Mixin
        DecayAndClipOptions decayAndClip;

        @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE})")
        double weightDecay;

        @Option(names = "--average-decay", paramLabel = "D", description = "validate and keep an exponential moving "
                + "average of the parameters over the steps, decay D in (0, 1); 0 = the last step's parameters "
                + "(default: names 0, sst2 0.999)")
        Double averageDecay;

        @Option(names = "--min-count", description = "a token enters the vocabulary when seen this often in training (default: names 1, sst2 2)")
        Integer minCount;

        @Option(names = "--validation", defaultValue = SENTENCES, description = "sst2: hold out whole sentences, "
                + "their phrases removed from training (sentences), or the last items of shuffled train.tsv (items: "
                + "mostly phrases of sentences that are trained on, so it rewards memorising) (default: ${DEFAULT-VALUE})")
        String validation;

        @Option(names = "--val-size", description = "sst2: whole sentences (or items) held out for validation "
                + "(default: 500 sentences, 2000 items)")
        Integer valSize;

        @Option(names = "--train-limit", description = "train on only the first N examples of the training split (quick runs)")
        Integer trainLimit;

        @Option(names = "--split-seed", defaultValue = "1234", description = "seed of the split (default: ${DEFAULT-VALUE})")
        long splitSeed;

        @Option(names = "--seed", defaultValue = "42", description = "seed of initialisation, batches and dropout (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        /** Every flag checked before the data is read: the cell asked for. */
        private CellType validate() {
            CellType cellType = FlagChecks.cell(cell, CellType.LSTM, CellType.GRU, CellType.RNN_TANH, CellType.RNN_RELU);
            FlagChecks.positive("--layers", layers);
            if (hiddenSize != null) {
                FlagChecks.positive("--hidden-size", hiddenSize);
            }
            if (embeddingSize != null) {
                FlagChecks.positive("--embedding-size", embeddingSize);
            }
            if (embeddingDropout != null) {
                FlagChecks.fraction("--embedding-dropout", embeddingDropout);
            }
            if (dropout != null) {
                FlagChecks.fraction("--dropout", dropout);
            }
            FlagChecks.fraction("--word-dropout", wordDropout);
            FlagChecks.fraction("--rnn-dropout", rnnDropout);
            if (forgetBias != null) {
                FlagChecks.finite("--forget-bias", forgetBias);
                if (cellType != CellType.LSTM) {
                    throw new UserError("--forget-bias needs --cell lstm (a " + cell + " cell has no forget gate)");
                }
            }
            if (epochs != null) {
                FlagChecks.positive("--epochs", epochs);
            }
            if (batchSize != null) {
                FlagChecks.positive("--batch-size", batchSize);
            }
            if (learningRate != null) {
                FlagChecks.positive("--learning-rate", learningRate);
            }
            FlagChecks.decayAndClip(decayAndClip);
            FlagChecks.zeroOrPositive("--weight-decay", weightDecay);
            if (averageDecay != null && !(averageDecay >= 0 && averageDecay < 1)) {
                throw new UserError("--average-decay must be in [0, 1) (0 = no averaging), not " + averageDecay);
            }
            if (minCount != null && minCount < 1) {
                throw new UserError("--min-count must be at least 1, not " + minCount);
            }
            if (dataset.equals(SST2)) {
                if (!validation.equals(ITEMS) && !validation.equals(SENTENCES)) {
                    throw new UserError("--validation must be items or sentences, not '" + validation + "'");
                }
                if (valSize != null) {
                    FlagChecks.positive("--val-size", valSize);
                }
            } else {
                for (String flag : new String[] {"--validation", "--val-size"}) {
                    if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                        throw new UserError(flag + " applies to --dataset sst2 only (names has a fixed 80/10/10 "
                                + "split)");
                    }
                }
            }
            if (trainLimit != null) {
                FlagChecks.positive("--train-limit", trainLimit);
            }
            return cellType;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Defaults d = Defaults.of(dataset);
            CellType cellType = validate();
            int embedding = embeddingSize != null ? embeddingSize : d.embedding();
            int hidden = hiddenSize != null ? hiddenSize : d.hidden();
            boolean bi = bidirectional != null ? bidirectional : d.bidirectional();
            int batch = batchSize != null ? batchSize : d.batchSize();
            // before the data is read: the model without its embedding table and one batch of one step
            new ParameterCount("--embedding-size, --hidden-size and --layers")
                    .recurrentStack(cellType, "--embedding-size", embedding, hidden, layers, bi);
            Checks.batchArrays(1, batch, cellType, "--embedding-size", embedding, hidden, layers, bi, 0);
            Threads.Choice threads = compute.configure();
            TaskIo.outputFile(output);
            int heldOut = valSize != null ? valSize : validation.equals(ITEMS) ? 2000 : 500;
            TextSplits splits = splits(dataset, dataDir, splitSeed, heldOut, validation);
            if (trainLimit != null) {
                splits = splits.limitTrain(trainLimit);
            }
            WordVocabulary vocabulary = TextClassifier.buildVocabulary(splits.train(), d.units(),
                    minCount != null ? minCount : d.minCount());
            int classes = splits.train().classes().size();
            new ParameterCount("--embedding-size, --hidden-size and --layers")
                    .add("--embedding-size", vocabulary.size(), embedding)
                    .recurrentStack(cellType, "--embedding-size", embedding, hidden, layers, bi)
                    .add("--hidden-size", classes + 1, bi ? 2 : 1, hidden);
            TextClassifier classifier;
            ClassifierTrainer.Config config;
            try {
                SequenceClassifier.Architecture arch = new SequenceClassifier.Architecture(cellType,
                        vocabulary.size(), embedding, hidden, layers, bi, classes);
                SequenceClassifier model = new SequenceClassifier(arch,
                        embeddingDropout != null ? embeddingDropout : d.embeddingDropout(), rnnDropout,
                        dropout != null ? dropout : d.dropout(), new Rng(seed + 1));
                model.initialize(new Rng(seed));
                if (forgetBias != null) {
                    model.setForgetGateBias(forgetBias);
                }
                classifier = new TextClassifier(model, d.units(), vocabulary, splits.train().classes());
                config = new ClassifierTrainer.Config(epochs != null ? epochs : d.epochs(), batch,
                        learningRate != null ? learningRate : d.learningRate(), decayAndClip.lrDecay,
                        decayAndClip.gradClip, weightDecay, wordDropout,
                        averageDecay != null ? averageDecay : d.averageDecay(), seed);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            TokenSequences train = classifier.encode(splits.train());
            Checks.batchArrays(Checks.longest(train), Math.min(batch, train.size()), cellType, "--embedding-size",
                    embedding, hidden, layers, bi, 0);
            ObjectNode info = TaskIo.object();
            info.put("dataset", dataset);
            info.put("split_seed", splitSeed);
            if (dataset.equals(SST2)) {
                info.put("val_size", heldOut);
                info.put("validation", validation);
            }
            classifier.setDataInfo(info);
            SequenceClassifier.Architecture a = classifier.model().architecture();
            out.printf(Locale.ROOT, "Training a %s%d-layer %s classifier (embedding %d, hidden %d, %,d parameters) on %s: "
                            + "%,d training, %,d validation, %,d test examples, %d classes, vocabulary %,d (%s); %s%n",
                    a.bidirectional() ? "bidirectional " : "", a.layers(), a.cell().id(), a.inputSize(), a.hiddenSize(),
                    classifier.model().parameters().size(), dataset, splits.train().size(),
                    splits.validation().size(), splits.test().size(), a.classes(), classifier.vocabulary().size(),
                    d.units().id(), threads.note());
            long start = System.nanoTime();
            List<ClassifierTrainer.Epoch> history = ClassifierTrainer.train(classifier.model(), train,
                    classifier.encode(splits.validation()), config, Checks.stopIfDiverged(TaskIo.progress(out)));
            double seconds = (System.nanoTime() - start) * 1e-9;
            classifier.save(output);
            ClassifierEvaluation.Result r = ClassifierEvaluation.evaluate(classifier.model(),
                    classifier.encode(splits.test()), 256);
            ClassifierTrainer.Epoch best = ClassifierTrainer.bestEpoch(history);
            double majority = ClassificationMetrics.majorityShare(r.gold(), a.classes());
            out.printf(Locale.ROOT, "kept epoch %d (validation accuracy %.2f%%); test accuracy %.2f%% (majority class "
                            + "%.2f%%), macro-F1 %.4f on %,d examples; trained in %.1f s; model written to %s%n",
                    best.epoch(), 100 * best.validation().metrics().accuracy(), 100 * r.metrics().accuracy(),
                    100 * majority, r.metrics().macroF1(), r.metrics().count(), seconds, output);
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", TextClassifier.TASK);
                node.put("dataset", dataset);
                node.put("split", "test");
                TaskIo.putMetrics(node, r);
                node.put("majority_share", majority);
                TaskIo.putClassF1(node, r, classifier.classes());
                node.put("validation_accuracy", best.validation().metrics().accuracy());
                node.put("best_epoch", best.epoch());
                node.put("average_decay", config.averageDecay());
                node.put("epochs", history.size());
                node.put("train_examples", splits.train().size());
                node.put("validation_examples", splits.validation().size());
                node.put("train_seconds", seconds);
                node.put("parameters", classifier.model().parameters().size());
                node.put("output", output.toString());
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Accuracy, macro-F1 and loss of a classifier on a split of the dataset it was trained on "
                    + "(the same split, from the seed saved in the model).")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding names/ and sentiment/ (default: ../shared/data, found walking up)")
        Path dataDir;

        @Option(names = "--split", defaultValue = "test", description = "test, validation or train (default: ${DEFAULT-VALUE})")
        String split;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!List.of("test", "validation", "train").contains(split)) {
                throw new UserError("--split must be test, validation or train, not '" + split + "'");
            }
            FlagChecks.inputFile("--checkpoint", checkpoint.file, "model file");
            compute.configure();
            TextClassifier classifier = TextClassifier.load(checkpoint.file);
            JsonNode info = classifier.dataInfo();
            String dataset = info.path("dataset").asText("");
            if (!dataset.equals(NAMES) && !dataset.equals(SST2)) {
                throw new UserError(checkpoint.file + " does not say which dataset it was trained on");
            }
            TextSplits splits = splits(dataset, dataDir, info.path("split_seed").asLong(TextSplits.DEFAULT_SPLIT_SEED),
                    info.path("val_size").asInt(2000), info.path("validation").asText(ITEMS));
            LabeledText data = switch (split) {
                case "test" -> splits.test();
                case "validation" -> splits.validation();
                case "train" -> splits.train();
                default -> throw new UserError("--split must be test, validation or train");
            };
            if (!data.classes().equals(classifier.classes())) {
                throw new UserError(checkpoint.file + " knows the classes " + classifier.classes() + ", the data has "
                        + data.classes());
            }
            ClassifierEvaluation.Result r = ClassifierEvaluation.evaluate(classifier.model(), classifier.encode(data), 256);
            double majority = ClassificationMetrics.majorityShare(r.gold(), classifier.classes().size());
            out.printf(Locale.ROOT, "%s %s: accuracy %.2f%% (%,d of %,d; majority class %.2f%%), macro-F1 %.4f, loss %.4f nats%n",
                    dataset, split, 100 * r.metrics().accuracy(), r.metrics().correct(), r.metrics().count(),
                    100 * majority, r.metrics().macroF1(), r.loss());
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", TextClassifier.TASK);
                node.put("dataset", dataset);
                node.put("split", split);
                TaskIo.putMetrics(node, r);
                node.put("majority_share", majority);
                TaskIo.putClassF1(node, r, classifier.classes());
                node.put("checkpoint", checkpoint.file.toString());
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Reads one text per line (a surname, a sentence) and prints its most probable class and "
                    + "that probability, tab-separated, one line per input line.")
    static final class Predict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--input", paramLabel = "FILE", description = "the texts (default: standard input)")
        Path input;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            FlagChecks.inputFile("--checkpoint", checkpoint.file, "model file");
            TextClassifier classifier = TextClassifier.load(checkpoint.file);
            List<String> lines = InputLines.readAll(input);
            for (TextClassifier.Prediction p : classifier.predict(lines)) {
                out.printf(Locale.ROOT, "%s\t%.4f%n", p.name(), p.probability());
            }
            out.flush();
            return 0;
        }
    }
}
