package org.rnn4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsReader;
import org.rnn4j.tasks.classify.ClassifierEvaluation;
import org.rnn4j.tasks.classify.ClassifierTrainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the task commands share: printing progress and metrics, the --json line, checking --output. */
final class TaskIo {
    static final ObjectMapper JSON = new ObjectMapper();

    private TaskIo() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Prints the JSON object as one line (the last of the command's output). */
    static void printJson(PrintWriter out, ObjectNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints one line per epoch and a dot per 100 updates. */
    static ClassifierTrainer.Listener progress(PrintWriter out) {
        return new ClassifierTrainer.Listener() {
            @Override
            public void update(int epoch, long step, double loss) {
                if (step % 200 == 0) {
                    out.printf(Locale.ROOT, "  epoch %d, update %d: loss %.4f%n", epoch, step, loss);
                }
            }

            @Override
            public void epoch(ClassifierTrainer.Epoch e) {
                ClassifierEvaluation.Result v = e.validation();
                ClassifierEvaluation.Result live = e.liveValidation();
                out.printf(Locale.ROOT, "epoch %d: train loss %.4f, validation loss %.4f, accuracy %.2f%%, macro-F1 %.4f%s (%.1f s)%n",
                        e.epoch(), e.trainLoss(), v.loss(), 100 * v.metrics().accuracy(), v.metrics().macroF1(),
                        live == null ? "" : String.format(Locale.ROOT,
                                " (averaged parameters; last step's: loss %.4f, accuracy %.2f%%)", live.loss(),
                                100 * live.metrics().accuracy()),
                        e.seconds());
            }
        };
    }

    /** A task model's --output, checked before any training: it may replace a safetensors model, nothing else. */
    static void outputFile(Path output) {
        FlagChecks.modelOutput(output, TaskIo::isSafetensors, "a model file");
    }

    private static boolean isSafetensors(Path file) {
        try {
            SafetensorsReader.read(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void putMetrics(ObjectNode node, ClassifierEvaluation.Result r) {
        node.put("accuracy", r.metrics().accuracy());
        node.put("macro_f1", r.metrics().macroF1());
        node.put("loss_nats", r.loss());
        node.put("examples", r.metrics().count());
    }

    /** F1 of each class by name (null where the class occurs neither in the gold labels nor the predictions). */
    static void putClassF1(ObjectNode node, ClassifierEvaluation.Result r, List<String> classes) {
        ObjectNode f1 = node.putObject("f1_by_class");
        for (int k = 0; k < classes.size(); k++) {
            double v = r.metrics().f1()[k];
            if (Double.isNaN(v)) {
                f1.putNull(classes.get(k));
            } else {
                f1.put(classes.get(k), v);
            }
        }
    }
}
