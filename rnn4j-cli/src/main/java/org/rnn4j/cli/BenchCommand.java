package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.charlm.CharBatches;
import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Sampler;
import org.rnn4j.charlm.TextCorpus;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.BatchOneStepper;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.GradientClipping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j bench}: the throughput of training (or, with --sample, of sampling) a character model of a given
 * shape, measured as ../shared/bench/pytorch_charlm.py measures PyTorch: Adam (lr 2e-3), global-norm clipping at
 * 5, truncated BPTT over B streams; the median over the timed updates after a warm-up.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Measures training (or sampling) speed of a character model, like the PyTorch reference script.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text (default: the bundled corpus)")
    Path data;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm, gru, rnn_tanh or rnn_relu (default: ${DEFAULT-VALUE})")
    String cell;

    @Option(names = "--layers", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--hidden-size", defaultValue = "256", description = "(default: ${DEFAULT-VALUE})")
    int hiddenSize;

    @Option(names = "--embedding-size", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
    int embeddingSize;

    @Option(names = "--batch-size", defaultValue = "50", description = "(default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seq-length", defaultValue = "100", description = "(default: ${DEFAULT-VALUE})")
    int seqLength;

    @Option(names = "--sample-length", defaultValue = "2000", description = "characters per timed sampling run (default: ${DEFAULT-VALUE})")
    int sampleLength;

    @Option(names = "--seconds", defaultValue = "20", description = "timed budget after warm-up (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup-steps", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
    int warmupSteps;

    @Option(names = "--threads", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", description = "matrix products: auto, openblas, vector or java (default: ${DEFAULT-VALUE}: the fastest available)")
    String gemm;

    @Option(names = "--sample", description = "measure sampling (batch 1, one character per step) instead of training")
    boolean sample;

    @Option(names = "--json", description = "print one JSON object on the last line")
    boolean json;

    @Mixin
    QuantizeOption quantize;

    /** A day: a measurement longer than that is a mistake. */
    static final double MAX_SECONDS = 86_400;

    @Override
    public Integer call() throws IOException {
        if (layers <= 0 || hiddenSize <= 0 || embeddingSize <= 0 || batchSize <= 0 || seqLength <= 0
                || sampleLength <= 0 || warmupSteps < 0 || !(seconds > 0)) {
            throw new UserError("sizes, --seconds and lengths must be positive");
        }
        if (seconds > MAX_SECONDS) {
            throw new UserError("--seconds " + seconds + " is more than a day (" + (long) MAX_SECONDS + ")");
        }
        CellType cellType = CellType.fromId(cell);
        if (quantize.enabled() && !sample) {
            throw new UserError("--quantize int8 is for --sample: training needs float weights");
        }
        int threadCount = Threads.configure(threads, gemm).threads();
        TextCorpus corpus = Corpora.load(data, null);
        CharLanguageModel.Architecture arch = new CharLanguageModel.Architecture(cellType, layers, hiddenSize,
                embeddingSize);
        CharLanguageModel.checkBatch(arch, batchSize, seqLength);
        CharLanguageModel model = new CharLanguageModel(arch, corpus.vocabulary(), 0f, null);   // checks its size
        model.initialize(new Rng(0));
        int v = corpus.vocabulary().size();
        int g = cellType.gates();
        long forward = 0;
        for (int l = 0; l < layers; l++) {
            forward += 2L * ((l == 0 ? embeddingSize : hiddenSize) + hiddenSize) * g * hiddenSize;
        }
        forward += 2L * hiddenSize * v;

        Runnable step;
        long charsPerStep;
        double flopsPerStep;
        if (sample) {
            Sampler sampler = new Sampler(1.0, 0, false, new Rng(0));
            model.setTraining(false);
            quantize.apply(model);
            BatchOneStepper stepper = model.stepper();
            step = () -> {
                stepper.reset();
                int id = 0;
                for (int i = 0; i < sampleLength; i++) {
                    id = sampler.pick(stepper.next(id), v);
                }
            };
            charsPerStep = sampleLength;
            flopsPerStep = (double) sampleLength * forward;
        } else {
            CharBatches batches = new CharBatches(corpus, 0, corpus.length(), batchSize, seqLength);
            if (batches.updatesPerEpoch() == 0) {
                throw new UserError("the text is shorter than one batch");
            }
            Adam adam = new Adam(model.parameters(), 2e-3);
            RecurrentState state = model.newState(batchSize);
            int[] inputs = new int[batchSize * seqLength];
            int[] targets = new int[batchSize * seqLength];
            int[] k = {0};
            step = () -> {
                batches.fill(k[0]++ % batches.updatesPerEpoch(), inputs, targets);
                model.parameters().zeroGrad();
                model.trainStep(inputs, targets, seqLength, batchSize, state);
                GradientClipping.clipGlobalNorm(model.parameters(), 5.0);
                adam.step();
            };
            charsPerStep = (long) batchSize * seqLength;
            flopsPerStep = 3.0 * forward * charsPerStep;
        }
        for (int i = 0; i < warmupSteps; i++) {
            step.run();
        }
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        while ((System.nanoTime() - start) * 1e-9 < seconds || times.size() < 3) {
            long t0 = System.nanoTime();
            step.run();
            times.add((System.nanoTime() - t0) * 1e-9);
        }
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        if (sorted.size() % 2 == 0) {
            median = 0.5 * (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2));
        }
        double charsPerSec = charsPerStep / median;
        double gflops = flopsPerStep / median / 1e9;
        double rssMb = peakRssMb();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s %s %d×%d%s: %,.0f chars/s (median of %d), %.1f GFLOP/s, peak RSS %.0f MB, "
                        + "GEMM %s%n", sample ? "sampling" : "training", cell, layers, hiddenSize,
                sample ? ", " + quantize.weights() + " weights" : ", batch " + batchSize + " × " + seqLength,
                charsPerSec, times.size(), gflops, rssMb, Gemm.backend().name());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode node = mapper.createObjectNode();
            node.put("program", "rnn4j");
            node.put("java", Runtime.version().toString());
            node.put("gemm", Gemm.backend().name());
            node.put("mode", sample ? "sample" : "train");
            node.put("cell", cell);
            node.put("layers", layers);
            node.put("hidden_size", hiddenSize);
            node.put("embedding_size", embeddingSize);
            node.put("vocab", v);
            node.put("batch_size", sample ? 1 : batchSize);
            node.put("seq_length", seqLength);
            node.put("threads", threadCount);
            node.put("weights", quantize.weights());
            node.put("steps", times.size());
            node.put("chars_per_sec", Math.round(charsPerSec * 10) / 10.0);
            node.put("chars_per_sec_min", Math.round(charsPerStep / sorted.get(sorted.size() - 1) * 10) / 10.0);
            node.put("chars_per_sec_max", Math.round(charsPerStep / sorted.get(0) * 10) / 10.0);
            node.put("gflops", Math.round(gflops * 100) / 100.0);
            node.put("peak_rss_mb", Math.round(rssMb * 10) / 10.0);
            out.println(mapper.writeValueAsString(node));
        }
        return 0;
    }

    /** The process's peak resident set (VmHWM), or NaN where /proc is not available. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
