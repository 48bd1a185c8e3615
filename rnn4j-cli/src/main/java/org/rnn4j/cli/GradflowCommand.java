package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.rnn4j.data.Mnist;
import org.rnn4j.longlag.AddingProblem;
import org.rnn4j.longlag.Batch;
import org.rnn4j.longlag.GradientFlowProbe;
import org.rnn4j.longlag.LongLagModel;
import org.rnn4j.longlag.LongLagTrainer;
import org.rnn4j.longlag.SequenceTask;
import org.rnn4j.longlag.SequentialMnist;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j gradflow}: the norm of ∂L/∂h_t at every step t for a loss on the last step only, per cell, at
 * initialisation and optionally after training: the vanishing gradient, measured.
 */
@Command(name = "gradflow", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Measures how the gradient of a loss on the last step reaches back through time: for each "
                + "cell, the norm of dL/dh_t for t = 1..T averaged over a batch of sequences (and dL/dc_t for the LSTM), "
                + "at initialisation and, with --train-sequences, after training on the task. Writes gradflow.csv, "
                + "gradflow.json and gradflow.png (log scale, a line per cell). See docs/vanishing-gradients.md."})
final class GradflowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cells", split = ",", defaultValue = "rnn_tanh,rnn_relu,lstm,gru", description = "cells to measure; rnn_relu is identity-initialised (IRNN) (default: ${DEFAULT-VALUE})")
    List<String> cells;

    @Option(names = "--hidden-size", defaultValue = "128", description = "hidden units (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--steps", defaultValue = "100", description = "sequence length T (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--task", defaultValue = "adding", description = "where the sequences and the loss come from: adding or mnist-rows (T = 28) or mnist-pixels (T = 784) (default: ${DEFAULT-VALUE})")
    String taskName;

    @Option(names = "--forget-bias", defaultValue = "1", description = "the LSTM's initial forget-gate bias, or 'pytorch' to keep PyTorch's random one, about 0 (default: ${DEFAULT-VALUE})")
    String forgetBiasOption;
    private double forgetBias;

    @Option(names = "--batch-size", defaultValue = "100", description = "sequences the norms are averaged over (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--train-sequences", defaultValue = "0", description = "also measure after training each cell on this many sequences, 0 = initialisation only (default: ${DEFAULT-VALUE})")
    long trainSequences;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's learning rate for --train-sequences (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the initialisation and the sequences (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the folder holding mnist/, for the MNIST tasks (default: ../shared/data, found from the working directory up)")
    Path dataDir;

    @Option(names = "--output", paramLabel = "DIR", description = "where the CSV, JSON and plot go (default: runs/gradflow-<date-time>)")
    Path output;

    @Option(names = "--threads", description = "compute threads (default: all cores)")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", description = "matrix products: auto, openblas, vector or java (default: ${DEFAULT-VALUE})")
    String gemm;

    @Option(names = "--json", description = "print one JSON object with the summary on the last line")
    boolean json;

    /** Held-out sequences that judge the training of --train-sequences (it does not change what is measured). */
    private static final int TEST_SIZE = 500;

    /** One measured profile: a cell in a phase ("init" or "trained"). */
    private record Measured(CellType cell, String phase, GradientFlowProbe.Profile profile) {
    }

    /**
     * Every flag checked before any data is read or anything measured: the cells (each once), sizes whose arrays
     * would not fit, the rate, the task, where the results go.
     */
    private List<CellType> validate() {
        List<CellType> cellTypes = LongLagOptions.parseCells(cells);
        if (hidden <= 0 || batchSize <= 0 || trainSequences < 0) {
            throw new UserError("--hidden-size and --batch-size must be positive, --train-sequences at least 0");
        }
        FlagChecks.positive("--learning-rate", learningRate);
        forgetBias = LongLagOptions.parseForgetBias(forgetBiasOption);
        long steps;
        long input;
        switch (taskName) {
            case "adding":
                if (this.steps < 2) {
                    throw new UserError("--steps must be at least 2");
                }
                steps = this.steps;
                input = 2;
                break;
            case "mnist-rows":
                steps = 28;
                input = 28;
                break;
            case "mnist-pixels":
                steps = 784;
                input = 1;
                break;
            default:
                throw new UserError("--task: expected adding, mnist-rows or mnist-pixels, got '" + taskName + "'");
        }
        String flags = taskName.equals("adding") ? "--steps, --batch-size and --hidden-size"
                : "--batch-size and --hidden-size";
        // the probe's batch of --batch-size sequences; training's batches of 32 and test batches of 100
        LongLagOptions.checkArrays(flags, cellTypes, hidden, batchSize, Long.MAX_VALUE, steps, input, 10,
                trainSequences > 0 ? TEST_SIZE : 1);
        if (output != null) {
            FlagChecks.outputDirectory("--output", output);
        }
        return cellTypes;
    }

    @Override
    public Integer call() throws Exception {
        List<CellType> cellTypes = validate();
        SequenceTask task = task();
        Threads.configure(threads, gemm);
        Path dir = output != null ? output
                : Paths.get("runs", "gradflow-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        PrintWriter out = spec.commandLine().getOut();

        // the same sequences for every cell, so that the lines differ only by the cell
        Batch probe = task.trainingBatch(batchSize, new Rng(seed + 7));
        List<Measured> results = new ArrayList<>();
        out.printf(Locale.ROOT, "gradient of a loss on step T = %d (%s) with respect to h_t, mean over %d sequences, H = %d%n",
                task.steps(), task.name(), batchSize, hidden);
        for (CellType cell : cellTypes) {
            LongLagModel model = LongLagModel.forTask(task, cell, hidden);
            model.initialize(new Rng(seed), forgetBias);
            results.add(new Measured(cell, "init", GradientFlowProbe.measure(model, probe)));
            if (trainSequences > 0) {
                LongLagTrainer.Settings settings = new LongLagTrainer.Settings(32, "adam", learningRate, 1.0,
                        trainSequences, trainSequences, seed);
                LongLagTrainer.Result r = LongLagTrainer.train(model, task, settings, null);
                out.printf(Locale.ROOT, "%s trained on %,d sequences: %s%n", cell.id(), trainSequences,
                        LongLagRun.verdict(task, r, trainSequences));
                results.add(new Measured(cell, "trained", GradientFlowProbe.measure(model, probe)));
            }
        }
        printSummary(out, results);
        writeCsv(dir.resolve("gradflow.csv"), results);
        ObjectNode full = fullJson(task, results);
        AtomicText.write(dir.resolve("gradflow.json"),
                TaskIo.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(full) + "\n");
        writePlots(dir, task, results);
        out.println("wrote " + dir.resolve("gradflow.csv") + ", gradflow.json and gradflow.png"
                + (trainSequences > 0 ? " (and gradflow-trained.png)" : ""));
        if (json) {
            TaskIo.printJson(out, summaryJson(task, results, dir));
        }
        return 0;
    }

    private SequenceTask task() throws IOException {
        switch (taskName) {
            case "adding":
                return new AddingProblem(steps, TEST_SIZE, LongLagOptions.testSeed(seed));
            case "mnist-rows":
            case "mnist-pixels":
                Path mnist = DataDirectory.resolve(dataDir, "mnist");
                Mnist test = Mnist.load(mnist, false);
                Mnist train = trainSequences > 0 ? Mnist.load(mnist, true) : test;
                return new SequentialMnist(train, test.head(TEST_SIZE), taskName.equals("mnist-pixels"));
            default:
                throw new UserError("--task: expected adding, mnist-rows or mnist-pixels, got '" + taskName + "'");
        }
    }

    private static void printSummary(PrintWriter out, List<Measured> results) {
        out.printf(Locale.ROOT, "%-9s %-8s %12s %12s %12s %12s %12s%n", "cell", "phase", "|dL/dh_T|", "|dL/dh_T/2|",
                "|dL/dh_1|", "h_1 / h_T", "|dL/dc_1|");
        for (Measured m : results) {
            double[] h = m.profile().hNorms();
            int last = h.length - 1;
            out.printf(Locale.ROOT, "%-9s %-8s %12.4e %12.4e %12.4e %12.4e %12s%n", m.cell().id(), m.phase(), h[last],
                    h[last / 2], h[0], h[0] / h[last],
                    m.profile().cNorms() == null ? "-" : String.format(Locale.ROOT, "%.4e", m.profile().cNorms()[0]));
        }
    }

    private static void writeCsv(Path file, List<Measured> results) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Measured m : results) {
            double[] h = m.profile().hNorms();
            double[] c = m.profile().cNorms();
            for (int t = 0; t < h.length; t++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("cell", m.cell().id());
                row.put("phase", m.phase());
                row.put("t", t + 1);
                row.put("grad_h_norm", h[t]);
                row.put("grad_c_norm", c == null ? "" : c[t]);
                rows.add(row);
            }
        }
        CsvSchema schema = CsvSchema.builder().addColumn("cell").addColumn("phase").addColumn("t")
                .addColumn("grad_h_norm").addColumn("grad_c_norm").setUseHeader(true).build();
        AtomicText.write(file, new CsvMapper().writer(schema).writeValueAsString(rows));
    }

    private ObjectNode fullJson(SequenceTask task, List<Measured> results) {
        ObjectNode root = header(task);
        ArrayNode profiles = root.putArray("profiles");
        for (Measured m : results) {
            ObjectNode p = profiles.addObject();
            p.put("cell", m.cell().id());
            p.put("phase", m.phase());
            p.put("loss", m.profile().loss());
            ArrayNode h = p.putArray("grad_h_norm");
            for (double v : m.profile().hNorms()) {
                h.add(v);
            }
            if (m.profile().cNorms() != null) {
                ArrayNode c = p.putArray("grad_c_norm");
                for (double v : m.profile().cNorms()) {
                    c.add(v);
                }
            }
        }
        return root;
    }

    private ObjectNode summaryJson(SequenceTask task, List<Measured> results, Path dir) {
        ObjectNode root = header(task);
        root.put("output", dir.toString());
        ArrayNode profiles = root.putArray("profiles");
        for (Measured m : results) {
            double[] h = m.profile().hNorms();
            ObjectNode p = profiles.addObject();
            p.put("cell", m.cell().id());
            p.put("phase", m.phase());
            p.put("grad_h_norm_first", h[0]);
            p.put("grad_h_norm_last", h[h.length - 1]);
            p.put("ratio_first_to_last", h[0] / h[h.length - 1]);
            if (m.profile().cNorms() != null) {
                p.put("grad_c_norm_first", m.profile().cNorms()[0]);
            }
        }
        return root;
    }

    private ObjectNode header(SequenceTask task) {
        ObjectNode root = TaskIo.object();
        root.put("task", task.name());
        root.put("steps", task.steps());
        root.put("hidden_size", hidden);
        root.put("batch_size", batchSize);
        root.put("train_sequences", trainSequences);
        root.put("seed", seed);
        root.put("lstm_forget_bias", forgetBiasOption);
        root.put("norm", "mean over sequences b of ||dL_b/dh_t||_2, L_b the loss of sequence b on its last step");
        return root;
    }

    private void writePlots(Path dir, SequenceTask task, List<Measured> results) throws IOException {
        for (String phase : trainSequences > 0 ? List.of("init", "trained") : List.of("init")) {
            List<LinePlot.Series> series = new ArrayList<>();
            for (Measured m : results) {
                if (!m.phase().equals(phase)) {
                    continue;
                }
                String name = m.cell() == CellType.RNN_RELU ? "rnn_relu (IRNN)" : m.cell().id();
                series.add(new LinePlot.Series(name + " |dL/dh_t|", points(m.profile().hNorms()), false));
                if (m.profile().cNorms() != null) {
                    series.add(new LinePlot.Series(name + " |dL/dc_t|", points(m.profile().cNorms()), false));
                }
            }
            String file = phase.equals("init") ? "gradflow.png" : "gradflow-trained.png";
            String when = phase.equals("init") ? "at initialisation" : "after " + String.format(Locale.ROOT, "%,d", trainSequences)
                    + " training sequences";
            LinePlot.write(dir.resolve(file), String.format(Locale.ROOT,
                    "Gradient of the loss at step %d (%s), %s, H = %d", task.steps(), task.name(), when, hidden),
                    "step t", "mean norm (log scale)", series, true);
        }
    }

    private static List<double[]> points(double[] values) {
        List<double[]> p = new ArrayList<>();
        for (int t = 0; t < values.length; t++) {
            p.add(new double[] {t + 1, values[t]});
        }
        return p;
    }
}
