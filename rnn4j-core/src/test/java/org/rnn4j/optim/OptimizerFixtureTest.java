package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameters;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Five steps of every optimizer configuration against PyTorch 1.13's parameters after each step. */
class OptimizerFixtureTest {
    static List<JsonNode> cases() {
        return Fixtures.optimizerCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchAfterEveryStep(JsonNode c) {
        Parameters params = Fixtures.parameters();
        Optimizer opt = Fixtures.optimizer(c, params);
        JsonNode expected = c.get("expected");
        for (int s = 0; s < expected.size(); s++) {
            Fixtures.setGrad(params, s);
            float[] grad = Arrays.copyOf(params.grad(), params.size());
            opt.step();
            assertEquals(s + 1, opt.stepCount());
            assertArrayEquals(grad, Arrays.copyOf(params.grad(), params.size()), "step() must not change the gradient");
            Fixtures.assertClose(expected.get(s), Arrays.copyOf(params.data(), params.size()), 1e-6, 1e-7,
                    c.get("name").asText() + " step " + (s + 1));
        }
    }

    @Test
    void coversEveryOptimizer() {
        List<String> types = cases().stream().map(c -> c.get("type").asText()).distinct().toList();
        assertEquals(List.of("sgd", "adagrad", "rmsprop", "adam", "adamw"), types);
        assertTrue(cases().size() >= 10);
    }
}
