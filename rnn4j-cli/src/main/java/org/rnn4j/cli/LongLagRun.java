package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.longlag.LongLagModel;
import org.rnn4j.longlag.LongLagTrainer;
import org.rnn4j.longlag.Objective;
import org.rnn4j.longlag.SequenceTask;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;

import java.io.PrintWriter;
import java.util.Locale;

/** Trains one cell on one long-time-lag task and reports: a line per test, a verdict, and optionally JSON. */
final class LongLagRun {
    private LongLagRun() {
    }

    static LongLagTrainer.Result run(SequenceTask task, CellType cell, int hidden, double forgetBias,
                                     LongLagTrainer.Settings settings, PrintWriter out, boolean progress) {
        LongLagModel model = LongLagModel.forTask(task, cell, hidden);
        model.initialize(new Rng(settings.seed()), forgetBias);
        String lossName = task.objective() == Objective.REGRESSION_LAST_STEP ? "MSE" : "cross-entropy";
        if (progress) {
            out.printf(Locale.ROOT, "%s, T = %d: %s with %d units; baseline %s %.4f; success: %s%n", task.name(),
                    task.steps(), cell.id(), hidden, lossName, task.baselineLoss(), task.successCriterion());
        }
        LongLagTrainer.Result result = LongLagTrainer.train(model, task, settings, p -> {
            if (progress) {
                out.printf(Locale.ROOT, "  %,10d sequences  train %s %.4f  test %s %.4f%s  (%.1f s)%n", p.sequences(),
                        lossName, p.trainLoss(), lossName, p.test().loss(),
                        Double.isNaN(p.test().accuracy()) ? ""
                                : String.format(Locale.ROOT, "  accuracy %.2f%%", 100 * p.test().accuracy()),
                        p.seconds());
                out.flush();
            }
        });
        if (progress) {
            out.println(verdict(task, result, settings.maxSequences()));
        }
        return result;
    }

    /**
     * What every task command does once it has checked its options ({@link LongLagOptions#validate}) and built
     * its task: the threads and backend set, training with a line per test, the verdict, and the JSON line when
     * asked.
     */
    static int report(SequenceTask task, LongLagOptions options, PrintWriter out) {
        CellType cell = options.cellType();
        LongLagTrainer.Settings settings = options.settings();
        double forgetBias = options.forgetBias();
        Threads.configure(options.threads, options.gemm);
        LongLagTrainer.Result r = run(task, cell, options.hidden, forgetBias, settings, out, true);
        if (options.json) {
            TaskIo.printJson(out, json(task, cell, options.hidden, settings, r));
        }
        return 0;
    }

    static String verdict(SequenceTask task, LongLagTrainer.Result r, long budget) {
        if (r.diverged()) {
            return String.format(Locale.ROOT, "diverged (loss not finite) after %,d sequences", r.last().sequences());
        }
        LongLagTrainer.Progress last = r.last();
        String score = String.format(Locale.ROOT, "test loss %.4f%s", last.test().loss(),
                Double.isNaN(last.test().accuracy()) ? ""
                        : String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * last.test().accuracy()));
        return r.solved()
                ? String.format(Locale.ROOT, "solved after %,d sequences (%s; %.1f s)", r.solvedAfter(), score, r.seconds())
                : String.format(Locale.ROOT, "not solved within %,d sequences (%s; baseline %.4f; %.1f s)", budget,
                score, task.baselineLoss(), r.seconds());
    }

    static ObjectNode json(SequenceTask task, CellType cell, int hidden, LongLagTrainer.Settings s,
                           LongLagTrainer.Result r) {
        ObjectNode node = TaskIo.object();
        node.put("task", task.name());
        node.put("steps", task.steps());
        node.put("cell", cell.id());
        node.put("hidden_size", hidden);
        node.put("solved", r.solved());
        if (r.solved()) {
            node.put("solved_after_sequences", r.solvedAfter());
        } else {
            node.putNull("solved_after_sequences");
        }
        node.put("diverged", r.diverged());
        LongLagTrainer.Progress last = r.last();
        node.put("sequences", last.sequences());
        putNumber(node, "test_loss", last.test().loss());
        putNumber(node, "test_accuracy", last.test().accuracy());
        node.put("baseline_loss", task.baselineLoss());
        node.put("success", task.successCriterion());
        node.put("batch_size", s.batchSize());
        node.put("optimizer", s.optimizer());
        node.put("learning_rate", s.learningRate());
        node.put("seed", s.seed());
        node.put("seconds", r.seconds());
        return node;
    }

    private static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }
}
