package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.cli.ClassifyCommand.Checks;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.classify.TextClassifier;
import org.rnn4j.tasks.classify.TextSplits;
import org.rnn4j.tasks.classify.TokenSequences;
import org.rnn4j.tasks.generate.GeneratorTrainer;
import org.rnn4j.tasks.generate.NameGenerator;
import org.rnn4j.text.WordVocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j generate}: the one-to-many form, a new surname for a language. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "One-to-many: generates new surnames for a language with a character RNN conditioned on "
                + "the language (trained on the names dataset's training split).",
        subcommands = {GenerateCommand.Train.class, GenerateCommand.Eval.class, GenerateCommand.Predict.class})
public final class GenerateCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("generate needs a subcommand: train, eval or predict (see 'rnn4j generate --help')");
    }

    /** The held-out NLL and, with a classifier, the share of generated names it assigns to the asked language. */
    record Report(GeneratorTrainer.NegativeLogLikelihood nll, Double fraction, int generated, double[] perLanguage) {
    }

    static Report evaluate(NameGenerator model, TokenSequences test, TextClassifier classifier, int perLanguage,
                           double temperature, long seed) {
        GeneratorTrainer.NegativeLogLikelihood nll = GeneratorTrainer.nll(model, test);
        if (classifier == null) {
            return new Report(nll, null, 0, null);
        }
        List<String> languages = model.languages();
        List<String> names = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        Rng rng = new Rng(seed);
        for (int l = 0; l < languages.size(); l++) {
            for (int i = 0; i < perLanguage; i++) {
                names.add(model.generate(l, temperature, rng));
                asked.add(l);
            }
        }
        List<TextClassifier.Prediction> predictions = classifier.predict(names);
        int hits = 0;
        double[] byLanguage = new double[languages.size()];
        for (int i = 0; i < names.size(); i++) {
            if (predictions.get(i).name().equals(languages.get(asked.get(i)))) {
                hits++;
                byLanguage[asked.get(i)] += 1.0 / perLanguage;
            }
        }
        return new Report(nll, (double) hits / names.size(), names.size(), byLanguage);
    }

    static void print(PrintWriter out, ObjectNode node, Report r, List<String> languages) {
        out.printf(Locale.ROOT, "held-out NLL %.4f nats per character (%.4f per name) over %,d test names%n",
                r.nll().perCharacter(), r.nll().perName(), r.nll().names());
        node.put("nll_per_char", r.nll().perCharacter());
        node.put("nll_per_name", r.nll().perName());
        node.put("test_names", r.nll().names());
        if (r.fraction() != null) {
            StringBuilder s = new StringBuilder();
            ObjectNode per = node.putObject("fraction_by_language");
            for (int l = 0; l < languages.size(); l++) {
                s.append(String.format(Locale.ROOT, " %s %.0f%%", languages.get(l), 100 * r.perLanguage()[l]));
                per.put(languages.get(l), r.perLanguage()[l]);
            }
            out.printf(Locale.ROOT, "%.1f%% of %,d generated names are classified as the asked language:%s%n",
                    100 * r.fraction(), r.generated(), s);
            node.put("fraction_classified_as_asked", r.fraction());
            node.put("generated", r.generated());
        }
    }

    static TextClassifier classifierFor(Path path, NameGenerator model) throws IOException {
        if (path == null) {
            return null;
        }
        TextClassifier c = TextClassifier.load(path);
        if (!c.classes().equals(model.languages())) {
            throw new UserError(path + " classifies into " + c.classes() + ", not the generator's languages");
        }
        return c;
    }

    @Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Trains on the names dataset's training split (the classify command's seeded 80/10/10 "
                    + "split of the (name, language) pairs without duplicates), keeps the epoch with the lowest "
                    + "validation NLL, and reports the held-out (test) NLL; with --classifier also the share of "
                    + "generated names that classifier assigns to the asked language.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding names/ (default: ../shared/data, found walking up)")
        Path dataDir;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "the model file to write (.safetensors)")
        Path output;

        @Option(names = "--classifier", paramLabel = "FILE", description = "a names classifier (rnn4j classify train --dataset names) to check the generated names with")
        Path classifierPath;

        @Option(names = "--cell", defaultValue = "lstm", description = "lstm, gru, rnn_tanh or rnn_relu (default: ${DEFAULT-VALUE})")
        String cell;

        @Option(names = "--layers", defaultValue = "1", description = "recurrent layers (default: ${DEFAULT-VALUE})")
        int layers;

        @Option(names = "--hidden-size", defaultValue = "256", description = "hidden units (default: ${DEFAULT-VALUE})")
        int hiddenSize;

        @Option(names = "--embedding-size", defaultValue = "64", description = "embedding size (default: ${DEFAULT-VALUE})")
        int embeddingSize;

        @Option(names = "--dropout", defaultValue = "0", description = "dropout between recurrent layers (default: ${DEFAULT-VALUE})")
        float dropout;

        @Option(names = "--epochs", defaultValue = "20", description = "passes over the training names (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "32", description = "names per update (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--learning-rate", defaultValue = "2e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Mixin
        DecayAndClipOptions decayAndClip;

        @Option(names = "--train-limit", description = "train on only the first N names of the training split (quick runs)")
        Integer trainLimit;

        @Option(names = "--per-language", defaultValue = "50", description = "names generated per language for the --classifier check (default: ${DEFAULT-VALUE})")
        int perLanguage;

        @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature of the check (default: ${DEFAULT-VALUE})")
        double temperature;

        @Option(names = "--split-seed", defaultValue = "1234", description = "seed of the split; use the classifier's (default: ${DEFAULT-VALUE})")
        long splitSeed;

        @Option(names = "--seed", defaultValue = "42", description = "seed of initialisation, batches, dropout and sampling (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        /** Every flag checked before the data is read: the cell asked for. */
        private CellType validate() {
            CellType cellType = FlagChecks.cell(cell, CellType.LSTM, CellType.GRU, CellType.RNN_TANH, CellType.RNN_RELU);
            FlagChecks.positive("--layers", layers);
            FlagChecks.positive("--hidden-size", hiddenSize);
            FlagChecks.positive("--embedding-size", embeddingSize);
            FlagChecks.fraction("--dropout", dropout);
            FlagChecks.positive("--epochs", epochs);
            FlagChecks.positive("--batch-size", batchSize);
            FlagChecks.positive("--learning-rate", learningRate);
            FlagChecks.decayAndClip(decayAndClip);
            if (trainLimit != null) {
                FlagChecks.positive("--train-limit", trainLimit);
            }
            FlagChecks.positive("--per-language", perLanguage);
            FlagChecks.positive("--temperature", temperature);
            if (classifierPath != null) {
                FlagChecks.inputFile("--classifier", classifierPath, "model file");
            }
            // the model without its vocabulary's embedding and output layer (not known yet), one batch of one step
            new ParameterCount("--embedding-size, --hidden-size and --layers")
                    .recurrentStack(cellType, "--embedding-size", embeddingSize, hiddenSize, layers, false);
            Checks.batchArrays(1, batchSize, cellType, "--embedding-size", embeddingSize, hiddenSize, layers, false, 0);
            return cellType;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            CellType cellType = validate();
            Threads.Choice threads = compute.configure();
            TaskIo.outputFile(output);
            TextSplits splits = TextSplits.names(DataDirectory.resolve(dataDir, "names"), splitSeed);
            if (trainLimit != null) {
                splits = splits.limitTrain(trainLimit);
            }
            List<String> languages = splits.train().classes();
            WordVocabulary vocabulary = NameGenerator.buildVocabulary(splits.train().texts(), languages);
            int v = vocabulary.size();
            // embedding (V, E), category (K, E), the recurrent stack, decoder (V, H) and its bias
            new ParameterCount("--embedding-size, --hidden-size and --layers")
                    .add("--embedding-size", v + languages.size(), embeddingSize)
                    .recurrentStack(cellType, "--embedding-size", embeddingSize, hiddenSize, layers, false)
                    .add("--hidden-size", v, hiddenSize + 1L);
            FlagChecks.arrayLength("--per-language", perLanguage, languages.size());
            NameGenerator model;
            GeneratorTrainer.Config config;
            try {
                model = new NameGenerator(new NameGenerator.Architecture(cellType, layers, hiddenSize,
                        embeddingSize), vocabulary, languages, dropout, new Rng(seed + 1));
                config = new GeneratorTrainer.Config(epochs, batchSize, learningRate, decayAndClip.lrDecay,
                        decayAndClip.gradClip, seed);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            TokenSequences train = GeneratorTrainer.encode(model, splits.train());
            Checks.batchArrays(Checks.longest(train), Math.min(batchSize, train.size()), cellType,
                    "--embedding-size", embeddingSize, hiddenSize, layers, false, v);
            TextClassifier classifier = classifierFor(classifierPath, model);
            model.initialize(new Rng(seed));
            ObjectNode info = TaskIo.object();
            info.put("dataset", "names");
            info.put("split_seed", splitSeed);
            model.setDataInfo(info);
            out.printf(Locale.ROOT, "Training a %d-layer %s name generator (embedding %d, hidden %d, %,d parameters) on "
                            + "%,d names in %d languages, %,d for validation, %,d held out; %s%n",
                    layers, model.architecture().cell().id(), embeddingSize, hiddenSize, model.parameters().size(),
                    splits.train().size(), languages.size(), splits.validation().size(), splits.test().size(),
                    threads.note());
            long start = System.nanoTime();
            List<GeneratorTrainer.Epoch> history = GeneratorTrainer.train(model, train,
                    GeneratorTrainer.encode(model, splits.validation()), config, e -> {
                        if (!Double.isFinite(e.trainLoss())) {
                            throw Checks.diverged("training", e.trainLoss(), e.epoch());
                        }
                        if (!Double.isFinite(e.validation().perCharacter())) {
                            throw Checks.diverged("validation", e.validation().perCharacter(), e.epoch());
                        }
                        out.printf(Locale.ROOT,
                                "epoch %d: train NLL %.4f, validation NLL %.4f nats per character (%.1f s)%n",
                                e.epoch(), e.trainLoss(), e.validation().perCharacter(), e.seconds());
                    });
            double seconds = (System.nanoTime() - start) * 1e-9;
            model.save(output);
            GeneratorTrainer.Epoch best = GeneratorTrainer.bestEpoch(history);
            out.printf(Locale.ROOT, "kept epoch %d; trained in %.1f s; model written to %s%n", best.epoch(), seconds, output);
            Report r = evaluate(model, GeneratorTrainer.encode(model, splits.test()), classifier, perLanguage,
                    temperature, seed);
            ObjectNode node = TaskIo.object();
            node.put("task", NameGenerator.TASK);
            node.put("split", "test");
            print(out, node, r, languages);
            node.put("validation_nll_per_char", best.validation().perCharacter());
            node.put("best_epoch", best.epoch());
            node.put("epochs", history.size());
            node.put("train_seconds", seconds);
            node.put("parameters", model.parameters().size());
            node.put("output", output.toString());
            if (json.enabled) {
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
            description = "The held-out NLL of a generator on the names test split and, with --classifier, the "
                    + "share of --per-language generated names per language that the classifier assigns to it.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--classifier", paramLabel = "FILE", description = "a names classifier model file")
        Path classifierPath;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding names/ (default: ../shared/data, found walking up)")
        Path dataDir;

        @Option(names = "--per-language", defaultValue = "50", description = "names generated per language (default: ${DEFAULT-VALUE})")
        int perLanguage;

        @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature (default: ${DEFAULT-VALUE})")
        double temperature;

        @Option(names = "--seed", defaultValue = "42", description = "seed of the sampling (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            FlagChecks.positive("--per-language", perLanguage);
            FlagChecks.positive("--temperature", temperature);
            FlagChecks.inputFile("--checkpoint", checkpoint.file, "model file");
            if (classifierPath != null) {
                FlagChecks.inputFile("--classifier", classifierPath, "model file");
            }
            compute.configure();
            NameGenerator model = NameGenerator.load(checkpoint.file);
            FlagChecks.arrayLength("--per-language", perLanguage, model.languages().size());
            TextClassifier classifier = classifierFor(classifierPath, model);
            TextSplits splits = TextSplits.names(DataDirectory.resolve(dataDir, "names"),
                    model.dataInfo().path("split_seed").asLong(TextSplits.DEFAULT_SPLIT_SEED));
            if (!splits.test().classes().equals(model.languages())) {
                throw new UserError(checkpoint.file + " knows the languages " + model.languages() + ", the data has "
                        + splits.test().classes());
            }
            Report r = evaluate(model, GeneratorTrainer.encode(model, splits.test()), classifier, perLanguage,
                    temperature, seed);
            ObjectNode node = TaskIo.object();
            node.put("task", NameGenerator.TASK);
            node.put("split", "test");
            print(out, node, r, model.languages());
            node.put("checkpoint", checkpoint.file.toString());
            if (json.enabled) {
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Reads one language per line (e.g. Russian) and prints one generated surname per line.")
    static final class Predict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CheckpointOption checkpoint;

        @Option(names = "--input", paramLabel = "FILE", description = "the languages (default: standard input)")
        Path input;

        @Option(names = "--temperature", defaultValue = "0.8", description = "below 1: safer, above 1: wilder (default: ${DEFAULT-VALUE})")
        double temperature;

        @Option(names = "--seed", defaultValue = "42", description = "the same seed gives the same names (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws IOException {
            FlagChecks.positive("--temperature", temperature);
            FlagChecks.inputFile("--checkpoint", checkpoint.file, "model file");
            PrintWriter out = spec.commandLine().getOut();
            NameGenerator model = NameGenerator.load(checkpoint.file);
            List<String> lines = InputLines.readAll(input);
            int[] asked = new int[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                asked[i] = model.languageIndex(lines.get(i).strip());
                if (asked[i] < 0) {
                    throw new UserError("line " + (i + 1) + ": unknown language '" + lines.get(i).strip()
                            + "' (known: " + String.join(", ", model.languages()) + ")");
                }
            }
            Rng rng = new Rng(seed);
            for (int l : asked) {
                out.println(model.generate(l, temperature, rng));
            }
            out.flush();
            return 0;
        }
    }
}
