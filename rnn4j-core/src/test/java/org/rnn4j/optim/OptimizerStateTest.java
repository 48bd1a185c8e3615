package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameters;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptimizerStateTest {
    static List<JsonNode> cases() {
        return Fixtures.optimizerCases();
    }

    private static void run(Optimizer opt, Parameters params, int from, int to) {
        for (int s = from; s < to; s++) {
            Fixtures.setGrad(params, s);
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumedRunIsBitIdenticalToUninterruptedOne(JsonNode c) {
        Parameters straight = Fixtures.parameters();
        Optimizer straightOpt = Fixtures.optimizer(c, straight);
        run(straightOpt, straight, 0, 5);

        Parameters before = Fixtures.parameters();
        Optimizer beforeOpt = Fixtures.optimizer(c, before);
        run(beforeOpt, before, 0, 3);
        OptimizerState saved = beforeOpt.exportState();

        Parameters resumed = Fixtures.parameters();
        resumed.copyFrom(before);
        Optimizer resumedOpt = Fixtures.optimizer(c, resumed);
        resumedOpt.importState(saved);
        assertEquals(3, resumedOpt.stepCount());
        run(resumedOpt, resumed, 3, 5);

        assertArrayEquals(Arrays.copyOf(straight.data(), straight.size()),
                Arrays.copyOf(resumed.data(), resumed.size()));
        assertEquals(straightOpt.stepCount(), resumedOpt.stepCount());
        assertEquals(straightOpt.stateBuffers().keySet(), resumedOpt.stateBuffers().keySet());
        for (Map.Entry<String, float[]> e : straightOpt.stateBuffers().entrySet()) {
            assertArrayEquals(e.getValue(), resumedOpt.stateBuffers().get(e.getKey()), e.getKey());
        }
    }

    @Test
    void stateBuffersHavePyTorchNames() {
        Parameters p = Fixtures.parameters();
        assertEquals(Set.of(), new Sgd(p, 0.1).stateBuffers().keySet());
        assertEquals(Set.of("momentum_buffer"), new Sgd(p, 0.1, 0.9, 0, 0, false).stateBuffers().keySet());
        assertEquals(Set.of("sum"), new Adagrad(p).stateBuffers().keySet());
        assertEquals(Set.of("square_avg"), new RmsProp(p).stateBuffers().keySet());
        assertEquals(Set.of("square_avg", "grad_avg", "momentum_buffer"),
                new RmsProp(p, 0.01, 0.99, 1e-8, 0, 0.9, true).stateBuffers().keySet());
        assertEquals(Set.of("exp_avg", "exp_avg_sq"), new Adam(p).stateBuffers().keySet());
        assertEquals(Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"),
                new AdamW(p, 1e-3, 0.9, 0.999, 1e-8, 0.01, true).stateBuffers().keySet());
    }

    @Test
    void exportedStateIsACopyWithLearningRateAndStepCount() {
        Parameters p = Fixtures.parameters();
        Adam opt = new Adam(p, 0.05);
        Fixtures.setGrad(p, 0);
        opt.step();
        OptimizerState state = opt.exportState();
        float[] expAvg = state.buffers().get("exp_avg").clone();
        opt.setLearningRate(0.5);
        opt.step();
        assertArrayEquals(expAvg, state.buffers().get("exp_avg"));
        assertNotEquals(expAvg[0], opt.stateBuffers().get("exp_avg")[0]);
        assertEquals(1, state.stepCount());
        assertEquals(0.05, state.learningRate());

        Adam other = new Adam(Fixtures.parameters(), 1e-3);
        other.importState(state);
        assertEquals(0.05, other.learningRate());
        assertEquals(1, other.stepCount());
    }

    @Test
    void importRejectsAStateOfAnotherKindOrSize() {
        Parameters p = Fixtures.parameters();
        OptimizerState adam = new Adam(p).exportState();
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(p).importState(adam));
        assertThrows(IllegalArgumentException.class,
                () -> new Adam(p, 1e-3, 0.9, 0.999, 1e-8, 0, true).importState(adam));

        Parameters bigger = Fixtures.parameters();
        bigger.add("extra", 3);
        OptimizerState big = new Adam(bigger).exportState();
        assertThrows(IllegalArgumentException.class, () -> new Adam(p).importState(big));
    }

    @Test
    void stepRefusesParametersAddedAfterConstruction() {
        Parameters p = Fixtures.parameters();
        Sgd opt = new Sgd(p, 0.1);
        p.add("late", 2);
        assertThrows(IllegalStateException.class, opt::step);
    }

    @Test
    void rejectsInvalidHyperparameters() {
        Parameters p = Fixtures.parameters();
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1, 0.9, 0.1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(p, 1e-3, 1.0, 0.999, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(p, 0.01, -0.5, 1e-8, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(p, 0.01, -1, 0, 0, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new Adam(p).setLearningRate(Double.NaN));
    }
}
