package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRateScheduleTest {
    private static LearningRateSchedule schedule(JsonNode spec, double base) {
        switch (spec.get("type").asText()) {
            case "step":
                return new StepDecay(base, spec.get("step_size").asLong(), spec.get("gamma").asDouble());
            case "exponential":
                return new ExponentialDecay(base, spec.get("gamma").asDouble());
            case "cosine":
                return new CosineAnnealing(base, spec.get("t_max").asLong(), spec.get("eta_min").asDouble());
            case "warmup":
                return new LinearWarmup(schedule(spec.get("inner"), base), spec.get("warmup_steps").asLong(),
                        spec.get("start_factor").asDouble());
            default:
                throw new IllegalArgumentException(spec.toString());
        }
    }

    @Test
    void matchesPyTorchSchedulers() {
        JsonNode cases = Fixtures.ROOT.get("schedules");
        assertEquals(5, cases.size());
        for (JsonNode c : cases) {
            LearningRateSchedule s = schedule(c.get("java"), c.get("base_rate").asDouble());
            JsonNode rates = c.get("rates");
            for (int t = 0; t < rates.size(); t++) {
                double expected = rates.get(t).asDouble();
                assertEquals(expected, s.rate(t), 1e-12 * expected, c.get("name").asText() + " step " + t);
            }
        }
    }

    @Test
    void cosineHoldsItsMinimumAfterTMax() {
        CosineAnnealing s = new CosineAnnealing(0.1, 10, 0.001);
        assertEquals(0.001, s.rate(10));
        assertEquals(0.001, s.rate(11));
        assertEquals(0.001, s.rate(1000));
    }

    @Test
    void constantWarmupFromZero() {
        LearningRateSchedule s = new LinearWarmup(LearningRateSchedule.constant(0.2), 4, 0);
        double[] expected = {0, 0.05, 0.1, 0.15, 0.2, 0.2, 0.2};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.rate(t), 1e-15, "step " + t);
        }
    }

    @Test
    void noWarmupIsTheInnerSchedule() {
        ExponentialDecay inner = new ExponentialDecay(0.1, 0.5);
        LinearWarmup s = new LinearWarmup(inner, 0, 0.5);
        for (int t = 0; t < 5; t++) {
            assertEquals(inner.rate(t), s.rate(t));
        }
    }
}
