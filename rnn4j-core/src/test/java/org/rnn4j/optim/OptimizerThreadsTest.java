package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.JavaGemm;
import org.rnn4j.nn.Parameters;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * An update of a buffer large enough to be shared out to the backend's threads (here 3 × 40,000 parameters,
 * against one thread for fewer than 2^16) gives every optimizer, in every fixture configuration, the same bits
 * as one thread: values and state buffers after four updates.
 */
class OptimizerThreadsTest {
    private final GemmBackend saved = Gemm.backend();

    @AfterEach
    void restore() {
        Gemm.setBackend(saved);
    }

    static List<JsonNode> cases() {
        return Fixtures.optimizerCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void threadsGiveTheSameBitsAsOneThread(JsonNode c) {
        Gemm.setBackend(new JavaGemm(1));
        Run one = run(c);
        Gemm.setBackend(new JavaGemm(3));
        Run three = run(c);
        assertArrayEquals(one.values, three.values, "values");
        for (Map.Entry<String, float[]> e : one.state.entrySet()) {
            assertArrayEquals(e.getValue(), three.state.get(e.getKey()), e.getKey());
        }
    }

    private record Run(float[] values, Map<String, float[]> state) {
    }

    private static Run run(JsonNode c) {
        Parameters params = new Parameters();
        for (int i = 0; i < 3; i++) {
            params.add("w" + i, 200, 200);
        }
        Random rnd = new Random(17);
        float[] data = params.data();
        for (int i = 0; i < params.size(); i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        Optimizer opt = Fixtures.optimizer(c, params);
        for (int step = 0; step < 4; step++) {
            float[] g = params.grad();
            for (int i = 0; i < params.size(); i++) {
                g[i] = (float) rnd.nextGaussian();
            }
            opt.step();
        }
        return new Run(Arrays.copyOf(params.data(), params.size()), opt.exportState().buffers());
    }
}
