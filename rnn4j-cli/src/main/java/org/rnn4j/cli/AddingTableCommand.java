package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.longlag.AddingProblem;
import org.rnn4j.longlag.LongLagTrainer;
import org.rnn4j.nn.CellType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnn4j task adding-table}: the adding problem for every length and cell, as a Markdown table of which
 * cells solve it and after how many training sequences (the papers' table).
 */
@Command(name = "adding-table", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Runs the adding problem for every length and cell with the same settings and writes a "
                + "Markdown table: solved after how many training sequences, or the test MSE reached within the budget."})
final class AddingTableCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lengths", split = ",", defaultValue = "50,100,200,400", description = "sequence lengths T (default: ${DEFAULT-VALUE})")
    List<Integer> lengths;

    @Option(names = "--cells", split = ",", defaultValue = "rnn_tanh,rnn_relu,lstm,gru", description = "cells to compare (default: ${DEFAULT-VALUE})")
    List<String> cells;

    @Option(names = "--cell-learning-rate", split = ",", paramLabel = "CELL=RATE",
            description = "a learning rate for one cell instead of --learning-rate, e.g. lstm=1e-2,rnn_tanh=1e-3 "
                    + "(the papers tuned the rate per model)")
    List<String> cellLearningRateOption = new ArrayList<>();

    /** --cell-learning-rate by cell id, once checked. */
    private final Map<String, Double> cellLearningRates = new LinkedHashMap<>();

    @Option(names = "--test-size", defaultValue = "1000", description = "held-out sequences per length (default: ${DEFAULT-VALUE})")
    int testSize;

    @Option(names = "--output", paramLabel = "FILE", description = "also write the table (Markdown) here, and the results as JSON beside it")
    Path output;

    @Mixin
    LongLagOptions options;

    /** Every flag checked before the first run: lengths, cells and rates, each once; where --output goes. */
    private List<CellType> validate() {
        List<CellType> cellTypes = LongLagOptions.parseCells(cells);
        for (int t : lengths) {
            if (t < 2) {
                throw new UserError("--lengths: every length must be at least 2");
            }
        }
        FlagChecks.noDuplicates("--lengths", lengths);
        if (testSize <= 0) {
            throw new UserError("--test-size must be positive");
        }
        for (String option : cellLearningRateOption) {
            int eq = option.indexOf('=');
            if (eq < 0) {
                throw new UserError("--cell-learning-rate: expected CELL=RATE, got '" + option + "'");
            }
            String id = option.substring(0, eq);
            CellType c;
            try {
                c = CellType.fromId(id);
            } catch (IllegalArgumentException ex) {
                throw new UserError("--cell-learning-rate: " + ex.getMessage());
            }
            if (!cellTypes.contains(c)) {
                throw new UserError("--cell-learning-rate: " + id + " is not among --cells");
            }
            double rate;
            try {
                rate = Double.parseDouble(option.substring(eq + 1));
            } catch (NumberFormatException ex) {
                throw new UserError("--cell-learning-rate: '" + option.substring(eq + 1) + "' is not a number");
            }
            FlagChecks.positive("--cell-learning-rate " + id, rate);
            if (cellLearningRates.put(id, rate) != null) {
                throw new UserError("--cell-learning-rate names " + id + " twice");
            }
        }
        options.validate();
        long longest = lengths.stream().mapToLong(Integer::longValue).max().orElse(2);
        options.checkArrays("--lengths, --batch-size and --hidden-size", cellTypes, longest, 2, 1, testSize);
        if (output != null) {
            FlagChecks.outputFile("--output", output);
            FlagChecks.outputFile("--output", jsonBeside(output));
        }
        return cellTypes;
    }

    /** Where the results go as JSON, beside the Markdown table. */
    private static Path jsonBeside(Path output) {
        return output.resolveSibling(output.getFileName() + ".json");
    }

    @Override
    public Integer call() throws Exception {
        List<CellType> cellTypes = validate();
        LongLagTrainer.Settings settings = options.settings();
        Threads.configure(options.threads, options.gemm);
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode runs = TaskIo.JSON.createArrayNode();
        String[][] table = new String[lengths.size()][cellTypes.size()];
        for (int i = 0; i < lengths.size(); i++) {
            AddingProblem task = new AddingProblem(lengths.get(i), testSize, LongLagOptions.testSeed(options.seed));
            for (int j = 0; j < cellTypes.size(); j++) {
                CellType cell = cellTypes.get(j);
                LongLagTrainer.Settings cellSettings = forCell(settings, cell);
                LongLagTrainer.Result r = LongLagRun.run(task, cell, options.hidden, options.forgetBias(), cellSettings,
                        out, false);
                out.printf(Locale.ROOT, "T = %d, %s: %s%n", task.steps(), cell.id(),
                        LongLagRun.verdict(task, r, settings.maxSequences()));
                out.flush();
                table[i][j] = cellText(r);
                runs.add(LongLagRun.json(task, cell, options.hidden, cellSettings, r));
            }
        }
        String markdown = markdown(cellTypes, table, settings);
        out.print(markdown);
        if (output != null) {
            AtomicText.write(output, markdown);
            ObjectNode all = TaskIo.object();
            all.set("runs", runs);
            Path json = jsonBeside(output);
            AtomicText.write(json, TaskIo.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n");
            out.println("wrote " + output + " and " + json);
        }
        if (options.json) {
            ObjectNode all = TaskIo.object();
            all.set("runs", runs);
            TaskIo.printJson(out, all);
        }
        return 0;
    }

    private LongLagTrainer.Settings forCell(LongLagTrainer.Settings s, CellType cell) {
        Double rate = cellLearningRates.get(cell.id());
        return rate == null ? s : new LongLagTrainer.Settings(s.batchSize(), s.optimizer(), rate, s.gradClip(),
                s.maxSequences(), s.evalEvery(), s.seed());
    }

    private static String cellText(LongLagTrainer.Result r) {
        if (r.diverged()) {
            return String.format(Locale.ROOT, "diverged at %,d", r.last().sequences());
        }
        if (r.solved()) {
            return String.format(Locale.ROOT, "**%,d**", r.solvedAfter());
        }
        return String.format(Locale.ROOT, "no (MSE %.3f)", r.last().test().loss());
    }

    private String markdown(List<CellType> cellTypes, String[][] table, LongLagTrainer.Settings s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Adding problem: training sequences until test MSE < 0.01 (bold), "
                        + "or the test MSE after %,d sequences. H = %d, batch %d, %s, clip %s, LSTM forget bias %s, "
                        + "seed %d; learning rate under each cell.%n%n",
                s.maxSequences(), options.hidden, s.batchSize(), s.optimizer(), s.gradClip(), options.forgetBias, s.seed()));
        sb.append("| T |");
        for (CellType c : cellTypes) {
            sb.append(' ').append(c == CellType.RNN_RELU ? "rnn_relu (IRNN)" : c.id())
                    .append(" (lr ").append(forCell(s, c).learningRate()).append(") |");
        }
        sb.append('\n').append("|---:|");
        sb.append("---|".repeat(cellTypes.size())).append('\n');
        for (int i = 0; i < table.length; i++) {
            sb.append("| ").append(lengths.get(i)).append(" |");
            for (String cell : table[i]) {
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
