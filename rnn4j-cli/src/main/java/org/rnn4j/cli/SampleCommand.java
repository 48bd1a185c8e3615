package org.rnn4j.cli;

import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Sampler;
import org.rnn4j.charlm.Vocabulary;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.BatchOneStepper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rnn4j sample}: generates text from a trained model, streaming it as it is made. */
@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Generates text from a trained character model, one character at a time.")
public final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
            description = "a model file (.safetensors) or a training run's checkpoint directory")
    Path checkpoint;

    @Option(names = "--length", defaultValue = "500", description = "characters to generate (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--temperature", defaultValue = "1.0", description = "below 1: safer, above 1: wilder (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "draw only among the k most likely characters, 0 = all (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--prime", paramLabel = "TEXT", description = "text to start from (printed first; default: a newline, not printed)")
    String prime;

    @Option(names = "--seed", defaultValue = "42", description = "the same seed gives the same text (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--argmax", description = "always take the most likely character")
    boolean argmax;

    @Mixin
    QuantizeOption quantize;

    @Override
    public Integer call() throws IOException {
        if (length < 0) {
            throw new UserError("--length must be 0 or positive");
        }
        Sampler sampler;
        try {
            sampler = new Sampler(temperature, topK, argmax, new Rng(seed));
        } catch (IllegalArgumentException e) {
            throw new UserError("--" + e.getMessage());
        }
        quantize.enabled();                 // a bad value is reported before the model is read
        CharLanguageModel model = ModelPaths.load(checkpoint);
        quantize.apply(model);
        Vocabulary v = model.vocabulary();
        String start = prime;
        if (start == null || start.isEmpty()) {
            start = v.contains('\n') ? "\n" : v.decode(0);
        } else {
            int[] unknown = v.unknownIn(start);
            if (unknown.length > 0) {
                throw new UserError("--prime has characters the model has never seen: "
                        + Vocabulary.describeAll(unknown));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (prime != null) {
            out.print(prime);
        }
        model.setTraining(false);
        BatchOneStepper stepper = model.stepper();
        float[] logits = null;
        for (int id : v.encode(start)) {
            logits = stepper.next(id);
        }
        for (int i = 0; i < length; i++) {
            int id = sampler.pick(logits, v.size());
            String c = v.decode(id);
            out.print(c);
            if (c.equals("\n") || i % 32 == 31) {
                out.flush();
            }
            logits = stepper.next(id);
        }
        out.println();
        out.flush();
        return 0;
    }
}
