package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Evaluation;
import org.rnn4j.charlm.TextCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnn4j eval}: the cross-entropy of a model on a text, in nats and bits per character. */
@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Measures how well a model predicts a text: the mean cross-entropy of every character after "
                + "the first given all the characters before it (state zero at the start, carried to the end)."})
public final class EvalCommand implements Callable<Integer> {
    private static final int CHUNK = 1024;

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "a model file (.safetensors) or a training run's checkpoint directory")
    Path checkpoint;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "UTF-8 text to evaluate on")
    Path data;

    @Option(names = "--json", description = "print one JSON object on the last line")
    boolean json;

    @Mixin
    QuantizeOption quantize;

    @Override
    public Integer call() throws IOException {
        quantize.enabled();                 // a bad value is reported before the model is read
        CharLanguageModel model = ModelPaths.load(checkpoint);
        quantize.apply(model);
        TextCorpus corpus = TextCorpus.read(data, model.vocabulary());
        if (corpus.length() < 2) {
            throw new UserError(data + " has a single character; there is nothing to predict");
        }
        long start = System.nanoTime();
        Evaluation.Result r = Evaluation.wholeText(model, corpus, 0, corpus.length(), CHUNK);
        double seconds = (System.nanoTime() - start) * 1e-9;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %.4f nats/char, %.4f bits/char over %,d predicted characters (%.1f s)%n",
                data, r.lossNats(), r.bitsPerChar(), r.predictions(), seconds);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode node = mapper.createObjectNode();
            node.put("loss_nats", r.lossNats());
            node.put("bits_per_char", r.bitsPerChar());
            node.put("characters", corpus.length());
            node.put("predictions", r.predictions());
            node.put("data", data.toString());
            node.put("checkpoint", checkpoint.toString());
            node.put("weights", quantize.weights());
            node.put("seconds", seconds);
            out.println(mapper.writeValueAsString(node));
        }
        return 0;
    }
}
