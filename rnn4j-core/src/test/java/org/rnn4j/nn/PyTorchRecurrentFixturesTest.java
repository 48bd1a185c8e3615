package org.rnn4j.nn;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rnn4j.nn.PyTorchFixtures.batchFirstToTimeMajor;
import static org.rnn4j.nn.PyTorchFixtures.doubles;
import static org.rnn4j.nn.PyTorchFixtures.floats;
import static org.rnn4j.nn.PyTorchFixtures.ints;
import static org.rnn4j.nn.PyTorchFixtures.relativeError;
import static org.rnn4j.nn.PyTorchFixtures.timeMajorToBatchFirst;

/**
 * {@link RecurrentStack} against torch.nn.RNN / LSTM / GRU in float64, for every cell, 1 and 2 layers, one and
 * two directions, on a padded batch of unsorted lengths with a nonzero initial state: the output, the final
 * state, and the gradients of every parameter, of the input and of the initial state for the loss
 * L = Σ out⊙R + Σ h_n⊙S (+ Σ c_n⊙U).
 */
class PyTorchRecurrentFixturesTest {

    static List<String> fixtures() {
        List<String> names = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                for (String directions : new String[] {"uni", "bi"}) {
                    names.add(cell.id() + "_l" + layers + "_" + directions + ".json");
                }
            }
        }
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(String name) {
        PyTorchFixtures.assertAllClose(relativeErrors(PyTorchFixtures.load(name)));
    }

    /** Runs forward and backward on the fixture and returns the relative error of every compared tensor. */
    static Map<String, Double> relativeErrors(JsonNode f) {
        JsonNode config = f.get("config");
        CellType cell = CellType.fromId(config.get("cell").textValue());
        int inputSize = config.get("input_size").intValue();
        int hidden = config.get("hidden_size").intValue();
        int layers = config.get("num_layers").intValue();
        boolean bidirectional = config.get("bidirectional").booleanValue();
        int batch = config.get("batch").intValue();
        int steps = config.get("steps").intValue();
        int directions = bidirectional ? 2 : 1;
        int outSize = directions * hidden;
        int[] lengths = ints(f.get("lengths"));

        Parameters params = new Parameters();
        RecurrentStack stack = new RecurrentStack(cell, params, "", inputSize, hidden, layers, bidirectional, 0f,
                null);
        PyTorchFixtures.setParameters(params, f.get("params"));

        float[] x = batchFirstToTimeMajor(floats(f.get("x")), batch, steps, inputSize);
        RecurrentState initial = state(stack, batch, f.get("h0"), f.get("c0"));
        RecurrentState last = stack.newState(batch);
        float[] out = stack.forward(x, steps, batch, lengths, initial, last);
        float[] outBatchFirst = timeMajorToBatchFirst(out, steps, batch, outSize);
        for (int b = 0; b < batch; b++) {
            for (int t = lengths[b]; t < steps; t++) {
                for (int j = 0; j < outSize; j++) {
                    assertEquals(0f, outBatchFirst[(b * steps + t) * outSize + j], "padded output must be zero");
                }
            }
        }

        Map<String, Double> errors = new LinkedHashMap<>();
        errors.put("out", relativeError(outBatchFirst, doubles(f.get("out"))));
        errors.put("h_n", relativeError(last.h(), doubles(f.get("h_n"))));
        if (cell.hasCellState()) {
            errors.put("c_n", relativeError(last.c(), doubles(f.get("c_n"))));
        }

        params.zeroGrad();
        float[] dOut = batchFirstToTimeMajor(floats(f.get("R")), batch, steps, outSize);
        RecurrentState dLast = state(stack, batch, f.get("S"), f.get("U"));
        RecurrentState dInitial = stack.newState(batch);
        float[] dx = stack.backward(dOut, dLast, dInitial);

        JsonNode grads = f.get("grads");
        for (Param p : params.list()) {
            errors.put("grad " + p.name(), relativeError(p.gradient(), doubles(grads.get(p.name()))));
        }
        errors.put("grad x", relativeError(timeMajorToBatchFirst(dx, steps, batch, inputSize),
                doubles(grads.get("x"))));
        errors.put("grad h0", relativeError(dInitial.h(), doubles(grads.get("h0"))));
        if (cell.hasCellState()) {
            errors.put("grad c0", relativeError(dInitial.c(), doubles(grads.get("c0"))));
        }
        return errors;
    }

    /** A state (or state gradient) of the stack's shape holding the fixture's h and, for LSTMs, c. */
    private static RecurrentState state(RecurrentStack stack, int batch, JsonNode h, JsonNode c) {
        RecurrentState s = stack.newState(batch);
        copy(floats(h), s.h());
        if (s.hasCell()) {
            copy(floats(c), s.c());
        }
        return s;
    }

    private static void copy(float[] src, float[] dst) {
        assertEquals(dst.length, src.length, "state size");
        System.arraycopy(src, 0, dst, 0, src.length);
    }
}
