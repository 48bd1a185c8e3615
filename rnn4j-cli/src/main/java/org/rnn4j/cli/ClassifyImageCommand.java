package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.cli.ClassifyCommand.Checks;
import org.rnn4j.data.Mnist;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.ClassificationMetrics;
import org.rnn4j.tasks.classify.ClassifierEvaluation;
import org.rnn4j.tasks.classify.ClassifierTrainer;
import org.rnn4j.tasks.image.ImageClassifier;
import org.rnn4j.tasks.image.ImageData;
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

/** {@code rnn4j classify-image}: the one-to-one form, an RNN run for one step on MNIST digits. */
@Command(name = "classify-image", mixinStandardHelpOptions = true,
        description = "One-to-one: classifies MNIST digits with an RNN run for a single step "
                + "(h = tanh(W_ih x + b), y = W_fc h + b: a feed-forward net).",
        subcommands = {ClassifyImageCommand.Train.class, ClassifyImageCommand.Eval.class,
                ClassifyImageCommand.Predict.class})
public final class ClassifyImageCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UserError("classify-image needs a subcommand: train, eval or predict (see 'rnn4j classify-image --help')");
    }

    /** The size of MNIST's images (28×28), which the flags are checked against before the data is read. */
    static final int MNIST_PIXELS = 28 * 28;
    /** The digits 0–9. */
    static final int CLASSES = 10;

    @Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Trains on MNIST's training images (the last --val-size held out for validation) and "
                    + "reports accuracy on the 10,000 test images.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding mnist/ (default: ../shared/data, found walking up)")
        Path dataDir;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "the model file to write (.safetensors)")
        Path output;

        @Option(names = "--cell", defaultValue = "rnn_tanh", description = "rnn_tanh or rnn_relu (default: ${DEFAULT-VALUE})")
        String cell;

        @Option(names = "--hidden-size", defaultValue = "512", description = "hidden units (default: ${DEFAULT-VALUE})")
        int hiddenSize;

        @Option(names = "--epochs", defaultValue = "10", description = "passes over the training images (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "64", description = "images per update (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Option(names = "--lr-decay", defaultValue = "0.8", description = "learning-rate factor after each epoch (default: ${DEFAULT-VALUE})")
        double lrDecay;

        @Option(names = "--dropout", defaultValue = "0.2", description = "dropout on the hidden state before the output layer (default: ${DEFAULT-VALUE})")
        float dropout;

        @Option(names = "--grad-clip", defaultValue = "5", description = "maximum global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
        double gradClip;

        @Option(names = "--val-size", defaultValue = "5000", description = "training images, from the end, held out for validation (default: ${DEFAULT-VALUE})")
        int valSize;

        @Option(names = "--train-limit", description = "use only the first N training images (for quick runs)")
        Integer trainLimit;

        @Option(names = "--test-limit", description = "test on only the first N test images")
        Integer testLimit;

        @Option(names = "--seed", defaultValue = "42", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        /** Every flag checked before the data is read: the cell asked for. */
        private CellType validate() {
            CellType cellType = FlagChecks.cell(cell, CellType.RNN_TANH, CellType.RNN_RELU);
            FlagChecks.positive("--hidden-size", hiddenSize);
            FlagChecks.positive("--epochs", epochs);
            FlagChecks.positive("--batch-size", batchSize);
            FlagChecks.positive("--learning-rate", learningRate);
            if (!(lrDecay > 0 && lrDecay <= 1)) {
                throw new UserError("--lr-decay must be in (0, 1] (the learning-rate factor after each epoch), not "
                        + lrDecay);
            }
            FlagChecks.fraction("--dropout", dropout);
            FlagChecks.zeroOrPositive("--grad-clip", gradClip);
            FlagChecks.positive("--val-size", valSize);
            if (trainLimit != null) {
                FlagChecks.positive("--train-limit", trainLimit);
                if (valSize >= trainLimit) {
                    throw new UserError("--val-size (" + valSize + ") must be less than --train-limit (" + trainLimit
                            + "): the validation images are held out of the training images");
                }
            }
            if (testLimit != null) {
                FlagChecks.positive("--test-limit", testLimit);
            }
            checkSizes(cellType, MNIST_PIXELS);
            return cellType;
        }

        /** The model (one buffer of parameters) and one batch fit in Java arrays, for images of this many pixels. */
        private void checkSizes(CellType cellType, int pixels) {
            new ParameterCount("--hidden-size")
                    .recurrentStack(cellType, null, pixels, hiddenSize, 1, false)
                    .add("--hidden-size", CLASSES + 1, hiddenSize);
            Checks.batchArrays(1, batchSize, cellType, null, pixels, hiddenSize, 1, false, 0);
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            CellType cellType = validate();
            Threads.Choice threads = compute.configure();
            TaskIo.outputFile(output);
            Path dir = DataDirectory.resolve(dataDir, "mnist");
            Mnist all = Mnist.load(dir, true);
            Mnist trainSet = trainLimit == null ? all : all.head(trainLimit);
            Mnist test = Mnist.load(dir, false);
            if (testLimit != null) {
                test = test.head(testLimit);
            }
            if (valSize >= trainSet.count()) {
                throw new UserError("--val-size (" + valSize + ") must be less than the " + trainSet.count()
                        + " training images");
            }
            checkSizes(cellType, all.imageSize());
            ImageData train = new ImageData(trainSet, 0, trainSet.count() - valSize);
            ImageData validation = new ImageData(trainSet, trainSet.count() - valSize, trainSet.count());
            ImageClassifier classifier;
            ClassifierTrainer.Config config;
            try {
                classifier = ImageClassifier.create(cellType, hiddenSize, all.rows(), all.cols(), 0f, dropout,
                        new Rng(seed + 1));
                config = new ClassifierTrainer.Config(epochs, batchSize, learningRate, lrDecay, gradClip, 0, 0, seed);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            classifier.model().initialize(new Rng(seed));
            out.printf(Locale.ROOT, "Training a one-step %s (hidden %d, %,d parameters) on %,d images, %,d for validation; %s%n",
                    cellType.id(), hiddenSize, classifier.model().parameters().size(), train.size(), validation.size(),
                    threads.note());
            long start = System.nanoTime();
            List<ClassifierTrainer.Epoch> epochs = ClassifierTrainer.train(classifier.model(), train, validation,
                    config, Checks.stopIfDiverged(TaskIo.progress(out)));
            double seconds = (System.nanoTime() - start) * 1e-9;
            classifier.save(output);
            ClassifierEvaluation.Result r = ClassifierEvaluation.evaluate(classifier.model(), new ImageData(test), 256);
            ClassifierTrainer.Epoch best = ClassifierTrainer.bestEpoch(epochs);
            out.printf(Locale.ROOT, "kept epoch %d (validation accuracy %.2f%%); test accuracy %.2f%%, macro-F1 %.4f "
                            + "on %,d images; trained in %.1f s; model written to %s%n", best.epoch(),
                    100 * best.validation().metrics().accuracy(), 100 * r.metrics().accuracy(), r.metrics().macroF1(),
                    r.metrics().count(), seconds, output);
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", ImageClassifier.TASK);
                node.put("split", "test");
                TaskIo.putMetrics(node, r);
                node.put("majority_share", ClassificationMetrics.majorityShare(r.gold(), 10));
                node.put("validation_accuracy", best.validation().metrics().accuracy());
                node.put("best_epoch", best.epoch());
                node.put("epochs", epochs.size());
                node.put("train_seconds", seconds);
                node.put("parameters", classifier.model().parameters().size());
                node.put("output", output.toString());
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Accuracy and macro-F1 of a model on MNIST's test images.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding mnist/ (default: ../shared/data, found walking up)")
        Path dataDir;

        @Option(names = "--limit", description = "only the first N test images")
        Integer limit;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (limit != null) {
                FlagChecks.positive("--limit", limit);
            }
            FlagChecks.inputFile("--checkpoint", checkpoint.file, "model file");
            compute.configure();
            ImageClassifier classifier = ImageClassifier.load(checkpoint.file);
            Mnist test = Mnist.load(DataDirectory.resolve(dataDir, "mnist"), false);
            if (limit != null) {
                test = test.head(limit);
            }
            if (test.rows() != classifier.rows() || test.cols() != classifier.cols()) {
                throw new UserError(checkpoint.file + " takes " + classifier.rows() + "x" + classifier.cols() + " images");
            }
            ClassifierEvaluation.Result r = ClassifierEvaluation.evaluate(classifier.model(), new ImageData(test), 256);
            out.printf(Locale.ROOT, "test accuracy %.2f%% (%,d of %,d), macro-F1 %.4f, loss %.4f nats%n",
                    100 * r.metrics().accuracy(), r.metrics().correct(), r.metrics().count(), r.metrics().macroF1(),
                    r.loss());
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", ImageClassifier.TASK);
                node.put("split", "test");
                TaskIo.putMetrics(node, r);
                node.put("checkpoint", checkpoint.file.toString());
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Reads one image per line (rows×cols pixel values 0–255, separated by commas or spaces; "
                    + "a line of rows×cols+1 values, as in the MNIST CSV files, starts with a label, which is skipped) "
                    + "and prints the digit and its probability, tab-separated, one line per image."})
    static final class Predict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--input", paramLabel = "FILE", description = "the images (default: standard input)")
        Path input;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            FlagChecks.inputFile("--checkpoint", checkpoint.file, "model file");
            ImageClassifier classifier = ImageClassifier.load(checkpoint.file);
            int size = classifier.rows() * classifier.cols();
            List<String> lines = InputLines.readAll(input);
            float[] x = new float[size];
            int lineNo = 0;
            for (String line : lines) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("[,\\s]+");
                int skip = parts.length == size + 1 ? 1 : 0;
                if (parts.length - skip != size) {
                    throw new UserError("line " + lineNo + " holds " + parts.length + " values; an image is " + size
                            + " pixel values (0–255)");
                }
                for (int i = 0; i < size; i++) {
                    float v;
                    try {
                        v = Float.parseFloat(parts[i + skip]);
                    } catch (NumberFormatException e) {
                        throw new UserError("line " + lineNo + ": '" + parts[i + skip] + "' is not a number");
                    }
                    if (!(v >= 0 && v <= 255)) {
                        throw new UserError("line " + lineNo + ": pixel value " + parts[i + skip] + " outside 0–255");
                    }
                    x[i] = v / 255f;
                }
                float[] p = classifier.probabilities(x, 1)[0];
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    if (p[k] > p[best]) {
                        best = k;
                    }
                }
                out.printf(Locale.ROOT, "%s\t%.4f%n", classifier.labels().get(best), p[best]);
            }
            out.flush();
            return 0;
        }
    }
}
