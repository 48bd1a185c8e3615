package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.rnn4j.nn.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PyTorch reference values in {@code fixtures/optim.json}, written by {@code tools/optim_fixtures.py}, and
 * what the tests need to replay them: the same parameter layout, gradients and optimizer configurations.
 */
final class Fixtures {
    static final JsonNode ROOT = load();

    private Fixtures() {
    }

    private static JsonNode load() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/optim.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's parameters: one Param per torch tensor, holding the initial values. */
    static Parameters parameters() {
        Parameters params = new Parameters();
        int k = 0;
        for (JsonNode shape : ROOT.get("shapes")) {
            int[] dims = new int[shape.size()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = shape.get(d).asInt();
            }
            params.add("p" + k++, dims);
        }
        setFlat(params, params.data(), ROOT.get("initial"));
        return params;
    }

    /** Gradient of fixture step {@code step} (0-based) into the gradient buffer. */
    static void setGrad(Parameters params, int step) {
        setFlat(params, params.grad(), ROOT.get("grads").get(step));
    }

    static void setFlat(Parameters params, float[] buffer, JsonNode values) {
        assertEquals(params.size(), values.size());
        for (int i = 0; i < values.size(); i++) {
            buffer[i] = (float) values.get(i).asDouble();
        }
    }

    static List<JsonNode> optimizerCases() {
        List<JsonNode> cases = new ArrayList<>();
        ROOT.get("optimizers").forEach(cases::add);
        return cases;
    }

    /** The optimizer of a fixture case, through the constructor the case names. */
    static Optimizer optimizer(JsonNode c, Parameters params) {
        String type = c.get("type").asText();
        String constructor = c.get("constructor").asText();
        JsonNode h = c.get("hyper");
        double lr = h.get("lr").asDouble();
        switch (constructor) {
            case "defaults":
                switch (type) {
                    case "adagrad": return new Adagrad(params);
                    case "rmsprop": return new RmsProp(params);
                    case "adam": return new Adam(params);
                    case "adamw": return new AdamW(params);
                    default: throw new IllegalArgumentException(type);
                }
            case "lr":
                switch (type) {
                    case "sgd": return new Sgd(params, lr);
                    case "adagrad": return new Adagrad(params, lr);
                    case "rmsprop": return new RmsProp(params, lr);
                    case "adam": return new Adam(params, lr);
                    case "adamw": return new AdamW(params, lr);
                    default: throw new IllegalArgumentException(type);
                }
            case "full":
                switch (type) {
                    case "sgd":
                        return new Sgd(params, lr, h.get("momentum").asDouble(), h.get("dampening").asDouble(),
                                h.get("weight_decay").asDouble(), h.get("nesterov").asBoolean());
                    case "adagrad":
                        return new Adagrad(params, lr, h.get("lr_decay").asDouble(), h.get("weight_decay").asDouble(),
                                h.get("initial_accumulator_value").asDouble(), h.get("eps").asDouble());
                    case "rmsprop":
                        return new RmsProp(params, lr, h.get("alpha").asDouble(), h.get("eps").asDouble(),
                                h.get("weight_decay").asDouble(), h.get("momentum").asDouble(),
                                h.get("centered").asBoolean());
                    case "adam":
                        return new Adam(params, lr, h.get("betas").get(0).asDouble(),
                                h.get("betas").get(1).asDouble(), h.get("eps").asDouble(),
                                h.get("weight_decay").asDouble(), h.get("amsgrad").asBoolean());
                    case "adamw":
                        return new AdamW(params, lr, h.get("betas").get(0).asDouble(),
                                h.get("betas").get(1).asDouble(), h.get("eps").asDouble(),
                                h.get("weight_decay").asDouble(), h.get("amsgrad").asBoolean());
                    default: throw new IllegalArgumentException(type);
                }
            default:
                throw new IllegalArgumentException(constructor);
        }
    }

    /** |actual − expected| ≤ rel·|expected| + abs for every entry. */
    static void assertClose(JsonNode expected, float[] actual, double rel, double abs, String what) {
        assertEquals(expected.size(), actual.length, what + ": length");
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            double a = actual[i];
            double tolerance = rel * Math.abs(e) + abs;
            int index = i;
            assertTrue(Math.abs(a - e) <= tolerance,
                    () -> what + "[" + index + "]: expected " + e + ", got " + a + " (tolerance " + tolerance + ")");
        }
    }
}
