package org.rnn4j.cli;

import org.rnn4j.charlm.CharLanguageModel;
import picocli.CommandLine.Option;

/** The {@code --quantize} option of the commands that run a trained character model forward (a picocli mixin). */
final class QuantizeOption {
    @Option(names = "--quantize", paramLabel = "int8",
            description = "int8: recurrent and output weights as 8-bit integers, one scale per row (a quarter of "
                    + "the memory read per character: faster sampling, slightly different predictions; "
                    + "default: float32 weights)")
    String kind;

    /** Whether int8 was asked for; any other value is a user error. */
    boolean enabled() {
        if (kind == null) {
            return false;
        }
        if (!kind.equals("int8")) {
            throw new UserError("--quantize takes int8 (8-bit weights); got '" + kind + "'");
        }
        return true;
    }

    /** Quantizes the model's weights when int8 was asked for. */
    void apply(CharLanguageModel model) {
        if (enabled()) {
            model.useQuantizedWeights(true);
        }
    }

    /** The weights' type as reports name it: int8 or float32. */
    String weights() {
        return enabled() ? "int8" : "float32";
    }
}
