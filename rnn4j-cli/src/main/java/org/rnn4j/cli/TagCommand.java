package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.tasks.tag.ConllU;
import org.rnn4j.tasks.tag.TagBatch;
import org.rnn4j.tasks.tag.TagEvaluation;
import org.rnn4j.tasks.tag.TagTrainer;
import org.rnn4j.tasks.tag.Tagger;
import org.rnn4j.tasks.tag.TaggerFile;
import org.rnn4j.text.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j tag}: part-of-speech tagging (UPOS) with a bidirectional LSTM over word embeddings and character
 * LSTM states, on Universal Dependencies English-EWT ({@code pos/} in the data folder).
 */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Part-of-speech tagging (UPOS, one tag per word) with a bidirectional LSTM, on UD English-EWT.",
        subcommands = {TagCommand.Train.class, TagCommand.Eval.class, TagCommand.Predict.class})
public final class TagCommand {
    static final String TRAIN = "en_ewt-ud-train.conllu";
    static final String DEV = "en_ewt-ud-dev.conllu";
    static final String TEST = "en_ewt-ud-test.conllu";

    /** A split of the data folder: the plain file, or the same name with ".gz". */
    static Path split(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new UserError("no " + plain + " (nor .gz): the pos/ folder must hold UD English-EWT");
    }

    static List<ConllU.Sentence> read(Path file, int limit) throws IOException {
        List<ConllU.Sentence> all = ConllU.read(file);
        if (all.isEmpty()) {
            throw new UserError(file + " holds no sentences");
        }
        return limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
    }

    static void putResult(ObjectNode node, String prefix, TagEvaluation.Result r) {
        node.put(prefix + "accuracy", r.accuracy());
        node.put(prefix + "oov_accuracy", r.oovAccuracy());
        node.put(prefix + "words", r.words());
        node.put(prefix + "oov_words", r.oovWords());
        node.put(prefix + "majority_tag", r.majorityTag());
        node.put(prefix + "majority_accuracy", r.majorityAccuracy());
    }

    static String describe(String name, TagEvaluation.Result r) {
        return String.format(Locale.ROOT, "%s: accuracy %.2f%% over %,d words; OOV %.2f%% over %,d words; "
                        + "majority tag %s %.2f%%", name, 100 * r.accuracy(), r.words(), 100 * r.oovAccuracy(),
                r.oovWords(), r.majorityTag(), 100 * r.majorityAccuracy());
    }

    @Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Trains a tagger on the training split, keeps the model with the best development "
                    + "accuracy, and reports its accuracy on dev and test.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding pos/ (default: ../shared/data or $RNN4J_DATA)")
        Path dataDir;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "model file to write (.safetensors)")
        Path output;

        @Option(names = "--epochs", defaultValue = "10", description = "passes over the training split (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "32", description = "sentences per update (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--hidden-size", defaultValue = "128", description = "LSTM units per direction (default: ${DEFAULT-VALUE})")
        int hidden;

        @Option(names = "--layers", defaultValue = "1", description = "bidirectional LSTM layers (default: ${DEFAULT-VALUE})")
        int layers;

        @Option(names = "--embedding-size", defaultValue = "100", description = "word embedding size (default: ${DEFAULT-VALUE})")
        int embedding;

        @Option(names = "--char-embedding-size", defaultValue = "24", description = "character embedding size (default: ${DEFAULT-VALUE})")
        int charEmbedding;

        @Option(names = "--char-hidden-size", defaultValue = "32", description = "character LSTM units per direction, 0 = no character model (default: ${DEFAULT-VALUE})")
        int charHidden;

        @Option(names = "--dropout", defaultValue = "0.3", description = "dropout on the LSTM's input and output (default: ${DEFAULT-VALUE})")
        float dropout;

        @Option(names = "--word-dropout", defaultValue = "0.25", description = "α: a word seen c times becomes unknown with probability α/(α+c) while training, 0 = off (default: ${DEFAULT-VALUE})")
        double wordDropout;

        @Option(names = "--min-count", defaultValue = "1", description = "training occurrences a word needs to be in the vocabulary (default: ${DEFAULT-VALUE})")
        int minCount;

        @Option(names = "--learning-rate", defaultValue = "2e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Mixin
        DecayAndClipOptions decayAndClip;

        @Option(names = "--train-limit", defaultValue = "0", description = "use only the first N training sentences, 0 = all (default: ${DEFAULT-VALUE})")
        int trainLimit;

        @Option(names = "--dev-limit", defaultValue = "0", description = "use only the first N dev and test sentences, 0 = all (default: ${DEFAULT-VALUE})")
        int devLimit;

        @Option(names = "--seed", defaultValue = "42", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        /** Every flag checked before any data is read: sizes whose arrays would not fit, rates, probabilities. */
        private void validate() {
            if (epochs <= 0 || batchSize <= 0 || minCount <= 0 || trainLimit < 0 || devLimit < 0) {
                throw new UserError("--epochs, --batch-size and --min-count must be positive, --train-limit and --dev-limit ≥ 0");
            }
            if (hidden <= 0 || layers <= 0 || embedding <= 0 || charHidden < 0 || (charHidden > 0 && charEmbedding <= 0)) {
                throw new UserError("--hidden-size, --layers and --embedding-size must be positive, --char-hidden-size "
                        + "at least 0, and --char-embedding-size positive when --char-hidden-size is");
            }
            // LengthBuckets sorts windows of 50 batches: 50 × --batch-size must be an int
            FlagChecks.inRange("--batch-size", batchSize, 1, Integer.MAX_VALUE / 50);
            FlagChecks.positive("--learning-rate", learningRate);
            FlagChecks.decayAndClip(decayAndClip);
            FlagChecks.fraction("--dropout", dropout);
            FlagChecks.fraction("--word-dropout", wordDropout);
            TaskIo.outputFile(output);
            // the parameters, with vocabularies of at least one entry and the 17 UPOS tags
            ParameterCount count = new ParameterCount(
                    "--embedding-size, --char-embedding-size, --char-hidden-size, --hidden-size and --layers");
            count.add("--embedding-size", 1, embedding);
            long features = embedding;
            if (charHidden > 0) {
                count.add("--char-embedding-size", 1, charEmbedding);
                count.recurrent("--char-embedding-size and --char-hidden-size", 4, charEmbedding, charHidden, true,
                        TagBatch.MAX_CHARS, 1);
                features += 2L * charHidden;
            }
            count.recurrent("--embedding-size, --char-hidden-size and --hidden-size", 4, features, hidden, true, 1, 1);
            if (layers > 1) {
                long before = count.total();
                count.recurrent("--hidden-size", 4, 2L * hidden, hidden, true, 1, 1);
                count.add("--hidden-size and --layers", layers - 2, count.total() - before);
            }
            count.add("--hidden-size", ConllU.UPOS.size(), 2L * hidden + 1);
        }

        /** The arrays of the largest batch, now that the sentences are known, before any training. */
        private void checkBatch(List<ConllU.Sentence> train) {
            long steps = 1;
            for (ConllU.Sentence s : train) {
                steps = Math.max(steps, s.size());
            }
            long batch = Math.min(batchSize, train.size());
            FlagChecks.arrayLength("--batch-size and --hidden-size", steps, batch, 4L * hidden);
            FlagChecks.arrayLength("--batch-size, --embedding-size and --char-hidden-size", steps, batch,
                    embedding + 2L * charHidden);
            FlagChecks.arrayLength("--batch-size and --char-hidden-size", TagBatch.MAX_CHARS, steps * batch,
                    4L * charHidden);
        }

        @Override
        public Integer call() throws IOException {
            validate();
            Threads.Choice choice = compute.configure();
            Path dir = DataDirectory.resolve(dataDir, "pos");
            List<ConllU.Sentence> train = read(split(dir, TRAIN), trainLimit);
            checkBatch(train);
            List<ConllU.Sentence> dev = read(split(dir, DEV), devLimit);
            List<ConllU.Sentence> test = read(split(dir, TEST), devLimit);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "tag: %,d training sentences, %,d dev, %,d test; %s%n", train.size(), dev.size(),
                    test.size(), choice.note());
            TagTrainer.Config config = new TagTrainer.Config(
                    new Tagger.Architecture(embedding, charEmbedding, charHidden, hidden, layers), epochs, batchSize,
                    learningRate, decayAndClip.lrDecay, decayAndClip.gradClip, dropout, wordDropout, minCount, seed);
            TagTrainer.Result r = TagTrainer.train(train, dev, config, output, line -> {
                out.println(line);
                out.flush();
            });
            TagEvaluation.Result devResult = TagEvaluation.evaluate(r.tagger(), dev, 64);
            TagEvaluation.Result testResult = TagEvaluation.evaluate(r.tagger(), test, 64);
            out.printf(Locale.ROOT, "best epoch %d, saved to %s (%.0f s of training)%n", r.bestEpoch(), output,
                    r.seconds());
            out.println(describe("dev", devResult));
            out.println(describe("test", testResult));
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", "tag");
                putResult(node, "dev_", devResult);
                putResult(node, "test_", testResult);
                node.put("train_loss", r.lastTrainLoss());
                node.put("best_epoch", r.bestEpoch());
                node.put("epochs", r.epochs());
                node.put("train_sentences", train.size());
                node.put("vocabulary", r.tagger().words().size());
                node.put("parameters", r.tagger().parameters().size());
                node.put("seconds", r.seconds());
                node.put("output", output.toString());
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Tagging accuracy of a model on a CoNLL-U file or a split of UD English-EWT, overall and on "
                    + "words outside its vocabulary.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--checkpoint", "--model"}, required = true, paramLabel = "FILE", description = "a tagger model file")
        Path model;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding pos/ (default: ../shared/data or $RNN4J_DATA)")
        Path dataDir;

        @Option(names = "--split", defaultValue = "test", description = "dev or test (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--data", paramLabel = "FILE", description = "a CoNLL-U file to evaluate on instead of a split")
        Path data;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            FlagChecks.inputFile("--model", model, "model file");
            if (data != null) {
                FlagChecks.inputFile("--data", data, "CoNLL-U file");
                if (spec.commandLine().getParseResult().hasMatchedOption("--split")) {
                    throw new UserError("--split applies only without --data (it chooses a split of --data-dir)");
                }
            }
            compute.configure();
            Path file;
            if (data != null) {
                file = data;
            } else if (split.equals("dev") || split.equals("test")) {
                file = split(DataDirectory.resolve(dataDir, "pos"), split.equals("dev") ? DEV : TEST);
            } else {
                throw new UserError("--split must be dev or test, not '" + split + "'");
            }
            Tagger tagger = TaggerFile.load(model);
            List<ConllU.Sentence> sentences = read(file, 0);
            long start = System.nanoTime();
            TagEvaluation.Result r = TagEvaluation.evaluate(tagger, sentences, 64);
            double seconds = (System.nanoTime() - start) * 1e-9;
            PrintWriter out = spec.commandLine().getOut();
            out.println(describe(file.toString(), r));
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", "tag");
                putResult(node, "", r);
                node.put("sentences", sentences.size());
                node.put("data", file.toString());
                node.put("model", model.toString());
                node.put("seconds", seconds);
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Tags sentences, one per line, from a file or standard input; writes 'word/TAG word/TAG …' "
                    + "per line (an empty line gives an empty line).")
    static final class Predict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--checkpoint", "--model"}, required = true, paramLabel = "FILE", description = "a tagger model file")
        Path model;

        @Option(names = "--input", paramLabel = "FILE", description = "sentences, one per line (default: standard input)")
        Path input;

        @Option(names = "--tags-only", description = "write only the tags, separated by spaces")
        boolean tagsOnly;

        @Option(names = "--threads", description = "compute threads (default: 1)")
        Integer threads = 1;

        @Override
        public Integer call() throws IOException {
            FlagChecks.inputFile("--model", model, "model file");
            Threads.configure(threads, "auto");
            Tagger tagger = TaggerFile.load(model);
            Tokenizer tokenizer = new Tokenizer(false);
            PrintWriter out = spec.commandLine().getOut();
            InputLines.forEachFlushed(input, out, line -> {
                List<String> words = tokenizer.tokens(line);
                List<String> tags = tagger.tag(words);
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < words.size(); i++) {
                    parts.add(tagsOnly ? tags.get(i) : words.get(i) + "/" + tags.get(i));
                }
                out.println(String.join(" ", parts));
            });
            return 0;
        }
    }
}
