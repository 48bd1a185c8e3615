package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.translate.BeamSearch;
import org.rnn4j.tasks.translate.PairCorpus;
import org.rnn4j.tasks.translate.TranslateTrainer;
import org.rnn4j.tasks.translate.TranslationEvaluation;
import org.rnn4j.tasks.translate.Translator;
import org.rnn4j.tasks.translate.TranslatorFile;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j translate}: French → English with an encoder–decoder and attention, on the pairs of
 * {@code translation/fra.txt} that the PyTorch seq2seq tutorial keeps.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "French → English translation with a bidirectional encoder, an attention decoder, greedy "
                + "decoding and beam search, on the seq2seq tutorial's filtered fra.txt pairs.",
        subcommands = {TranslateCommand.Train.class, TranslateCommand.Eval.class, TranslateCommand.Predict.class})
public final class TranslateCommand {
    /** The options that choose the pairs and the held-out split; train and eval must agree on them. */
    static final class DataOptions {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding translation/ (default: ../shared/data or $RNN4J_DATA)")
        Path dataDir;

        @Option(names = "--max-words", defaultValue = "10", description = "longest sentence kept, in tokens, on either side (default: ${DEFAULT-VALUE})")
        int maxWords;

        @Option(names = "--held-out", defaultValue = "0.1", description = "fraction of the pairs held out for evaluation (default: ${DEFAULT-VALUE})")
        double heldOut;

        @Option(names = "--split-seed", defaultValue = "1", description = "seed of the held-out split (default: ${DEFAULT-VALUE})")
        long splitSeed;

        @Option(names = "--limit", defaultValue = "0", description = "use only the first N filtered pairs before splitting, 0 = all (default: ${DEFAULT-VALUE})")
        int limit;

        /** The flags checked, before anything is read. */
        void validate() {
            if (maxWords <= 0 || !(heldOut > 0 && heldOut < 1) || limit < 0) {
                throw new UserError("--max-words must be positive, --held-out in (0, 1), --limit ≥ 0");
            }
        }

        PairCorpus.Split load() throws IOException {
            validate();
            Path file = DataDirectory.resolve(dataDir, "translation").resolve("fra.txt");
            if (!Files.isRegularFile(file)) {
                throw new UserError("no " + file + ": the translation/ folder must hold fra.txt");
            }
            List<PairCorpus.Pair> pairs = PairCorpus.read(file, maxWords);
            if (limit > 0 && limit < pairs.size()) {
                pairs = pairs.subList(0, limit);
            }
            if (pairs.size() < 2) {
                throw new UserError(file + " holds fewer than two pairs the filter keeps");
            }
            return PairCorpus.split(pairs, heldOut, splitSeed);
        }
    }

    /** The most hypotheses a beam holds: more would cost much and gain nothing at these sentence lengths. */
    static final int MAX_BEAM = 1000;

    /** The flags of decoding, checked before a model or data is read. */
    static void checkDecoding(int beam, double alpha) {
        FlagChecks.inRange("--beam", beam, 1, MAX_BEAM);
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new UserError("--length-penalty must be a finite number ≥ 0 (GNMT's α: 0 = no length penalty; "
                    + "a negative α would favour long translations), not " + alpha);
        }
    }

    static void putBleu(ObjectNode node, String prefix, TranslationEvaluation.Result r) {
        node.put(prefix + "bleu", r.bleu());
        ArrayNode p = node.putArray(prefix + "precisions");
        for (double v : r.precisions()) {
            p.add(v);
        }
        node.put(prefix + "brevity_penalty", r.brevityPenalty());
    }

    static String describe(String what, TranslationEvaluation.Result r) {
        double[] p = r.precisions();
        return String.format(Locale.ROOT, "%s: BLEU %.2f (precisions %.1f/%.1f/%.1f/%.1f, brevity penalty %.3f, "
                        + "%d/%d tokens) over %,d pairs", what, r.bleu(), 100 * p[0], 100 * p[1], 100 * p[2],
                100 * p[3], r.brevityPenalty(), r.hypothesisLength(), r.referenceLength(), r.sentences());
    }

    @Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Trains a translator on the training pairs with teacher forcing and reports corpus BLEU "
                    + "on the held-out pairs, greedy and with beam search.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ArgGroup(exclusive = false)
        DataOptions data = new DataOptions();

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "model file to write (.safetensors)")
        Path output;

        @Option(names = "--cell", defaultValue = "gru", description = "gru or lstm (default: ${DEFAULT-VALUE})")
        String cell;

        @Option(names = "--hidden-size", defaultValue = "128", description = "encoder units per direction; the decoder has twice as many (default: ${DEFAULT-VALUE})")
        int hidden;

        @Option(names = "--embedding-size", defaultValue = "128", description = "word embedding size (default: ${DEFAULT-VALUE})")
        int embedding;

        @Option(names = "--epochs", defaultValue = "20", description = "passes over the training pairs (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "32", description = "pairs per update (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--dropout", defaultValue = "0.2", description = "dropout on the embeddings and the attentional state (default: ${DEFAULT-VALUE})")
        float dropout;

        @Option(names = "--min-count", defaultValue = "1", description = "training occurrences a word needs to be in a vocabulary (default: ${DEFAULT-VALUE})")
        int minCount;

        @Option(names = "--learning-rate", defaultValue = "2e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Mixin
        DecayAndClipOptions decayAndClip;

        @Option(names = "--beam", defaultValue = "5", description = "beam size of the final evaluation, besides greedy; 1 = greedy only (default: ${DEFAULT-VALUE})")
        int beam;

        @Option(names = "--length-penalty", defaultValue = "0.6", description = "α of the beam's length penalty ((5+n)/6)^α (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--seed", defaultValue = "42", description = "seed of the model's random choices (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        /** Every flag checked before any data is read: sizes whose arrays would not fit, rates, probabilities. */
        private CellType validate() {
            if (epochs <= 0 || batchSize <= 0 || minCount <= 0 || hidden <= 0 || embedding <= 0) {
                throw new UserError("--epochs, --batch-size, --min-count, --hidden-size and --embedding-size must be positive");
            }
            CellType cellType = FlagChecks.cell(cell, CellType.GRU, CellType.LSTM);
            // LengthBuckets sorts windows of 50 batches: 50 × --batch-size must be an int
            FlagChecks.inRange("--batch-size", batchSize, 1, Integer.MAX_VALUE / 50);
            checkDecoding(beam, alpha);
            FlagChecks.positive("--learning-rate", learningRate);
            FlagChecks.decayAndClip(decayAndClip);
            FlagChecks.fraction("--dropout", dropout);
            TaskIo.outputFile(output);
            data.validate();
            // the parameters (Translator's layout), with vocabularies of at least one word
            ParameterCount count = new ParameterCount("--embedding-size and --hidden-size");
            int gates = cellType.gates();
            count.add("--embedding-size", 1, embedding);                        // source embedding
            count.recurrent("--embedding-size and --hidden-size", gates, embedding, hidden, true, 1, 1);
            count.add("--embedding-size", 1, embedding);                        // target embedding
            count.recurrent("--embedding-size and --hidden-size", gates, embedding, 2L * hidden, false, 1, 1);
            count.add("--hidden-size", 2L * hidden, 4L * hidden + 1);          // attention
            count.add("--hidden-size", 1, 2L * hidden + 1);                    // output, per target word
            return cellType;
        }

        /** The arrays of the largest batch, now that the pairs are known, before any training. */
        private void checkBatch(List<PairCorpus.Pair> train) {
            long steps = 1;
            for (PairCorpus.Pair p : train) {
                steps = Math.max(steps, Math.max(p.source().size(), p.target().size() + 1));
            }
            long batch = Math.min(batchSize, train.size());
            FlagChecks.arrayLength("--batch-size and --hidden-size", steps + 1, batch, 4L * 2 * hidden);
            FlagChecks.arrayLength("--batch-size and --embedding-size", steps + 1, batch, embedding);
        }

        @Override
        public Integer call() throws IOException {
            CellType cellType = validate();
            Threads.Choice choice = compute.configure();
            PairCorpus.Split split = data.load();
            checkBatch(split.train());
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "translate: %,d training pairs, %,d held out; %s%n", split.train().size(),
                    split.heldOut().size(), choice.note());
            TranslateTrainer.Config config = new TranslateTrainer.Config(
                    new Translator.Architecture(cellType, embedding, hidden), epochs, batchSize, learningRate,
                    decayAndClip.lrDecay, decayAndClip.gradClip, dropout, minCount, seed);
            TranslateTrainer.Result r = TranslateTrainer.train(split.train(), config, output, line -> {
                out.println(line);
                out.flush();
            });
            Translator model = r.model();
            double heldLoss = TranslationEvaluation.loss(model, split.heldOut());
            TranslationEvaluation.Result greedy = TranslationEvaluation.bleu(model, split.heldOut(), 1, alpha);
            out.printf(Locale.ROOT, "saved to %s (%.0f s of training); held-out loss %.4f nats/token%n", output,
                    r.seconds(), heldLoss);
            out.println(describe("held-out, greedy", greedy));
            TranslationEvaluation.Result beamed = null;
            if (beam > 1) {
                beamed = TranslationEvaluation.bleu(model, split.heldOut(), beam, alpha);
                out.println(describe("held-out, beam " + beam, beamed));
            }
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", "translate");
                putBleu(node, "greedy_", greedy);
                if (beamed != null) {
                    putBleu(node, "beam_", beamed);
                    node.put("beam", beam);
                }
                node.put("held_out_loss", heldLoss);
                node.put("train_loss", r.trainLoss());
                node.put("first_epoch_train_loss", r.firstTrainLoss());
                node.put("train_pairs", split.train().size());
                node.put("held_out_pairs", split.heldOut().size());
                node.put("source_vocabulary", model.sourceVocabulary().size());
                node.put("target_vocabulary", model.targetVocabulary().size());
                node.put("parameters", model.parameters().size());
                node.put("epochs", r.epochs());
                node.put("seconds", r.seconds());
                node.put("output", output.toString());
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Corpus BLEU of a model on the held-out pairs (the same split options as train), greedy "
                    + "or with beam search.")
    static final class Eval implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ArgGroup(exclusive = false)
        DataOptions data = new DataOptions();

        @Option(names = {"--checkpoint", "--model"}, required = true, paramLabel = "FILE", description = "a translator model file")
        Path model;

        @Option(names = "--beam", defaultValue = "1", description = "beam size, 1 = greedy (default: ${DEFAULT-VALUE})")
        int beam;

        @Option(names = "--length-penalty", defaultValue = "0.6", description = "α of the beam's length penalty (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--training-pairs", description = "evaluate on the training pairs instead of the held-out ones")
        boolean onTraining;

        @Mixin
        ComputeOptions compute;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            checkDecoding(beam, alpha);
            data.validate();
            FlagChecks.inputFile("--model", model, "model file");
            compute.configure();
            Translator translator = TranslatorFile.load(model);
            PairCorpus.Split split = data.load();
            List<PairCorpus.Pair> pairs = onTraining ? split.train() : split.heldOut();
            long start = System.nanoTime();
            double loss = TranslationEvaluation.loss(translator, pairs);
            TranslationEvaluation.Result r = TranslationEvaluation.bleu(translator, pairs, beam, alpha);
            double seconds = (System.nanoTime() - start) * 1e-9;
            PrintWriter out = spec.commandLine().getOut();
            String what = (onTraining ? "training pairs" : "held-out") + (beam > 1 ? ", beam " + beam : ", greedy");
            out.println(describe(what, r));
            if (json.enabled) {
                ObjectNode node = TaskIo.object();
                node.put("task", "translate");
                putBleu(node, "", r);
                node.put("beam", beam);
                node.put("loss", loss);
                node.put("pairs", pairs.size());
                node.put("split", onTraining ? "train" : "held_out");
                node.put("model", model.toString());
                node.put("seconds", seconds);
                TaskIo.printJson(out, node);
            }
            return 0;
        }
    }

    @Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
            description = "Translates French sentences, one per line, from a file or standard input; writes one "
                    + "English translation per line (an empty line gives an empty line).")
    static final class Predict implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"--checkpoint", "--model"}, required = true, paramLabel = "FILE", description = "a translator model file")
        Path model;

        @Option(names = "--input", paramLabel = "FILE", description = "sentences, one per line (default: standard input)")
        Path input;

        @Option(names = "--beam", defaultValue = "5", description = "beam size, 1 = greedy (default: ${DEFAULT-VALUE})")
        int beam;

        @Option(names = "--length-penalty", defaultValue = "0.6", description = "α of the beam's length penalty (default: ${DEFAULT-VALUE})")
        double alpha;

        @Override
        public Integer call() throws IOException {
            checkDecoding(beam, alpha);
            FlagChecks.inputFile("--model", model, "model file");
            Threads.configure(1, "auto");
            Translator translator = TranslatorFile.load(model);
            Tokenizer tokenizer = new Tokenizer(true);
            PrintWriter out = spec.commandLine().getOut();
            InputLines.forEachFlushed(input, out, line -> {
                List<String> words = tokenizer.tokens(line);
                if (words.isEmpty()) {
                    out.println();
                } else {
                    int max = TranslationEvaluation.maxLength(words.size());
                    List<String> t = beam == 1 ? translator.greedy(List.of(words), max).get(0)
                            : BeamSearch.decode(translator, words, beam, max, alpha);
                    out.println(String.join(" ", t));
                }
            });
            return 0;
        }
    }
}
