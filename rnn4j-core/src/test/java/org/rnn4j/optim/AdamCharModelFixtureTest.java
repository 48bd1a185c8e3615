package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Vocabulary;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentState;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten training updates of the char model (Embedding → 2-layer LSTM → Linear, B = 2, T = 6, state carried across
 * updates) with {@link GradientClipping#clipGlobalNorm} and {@link Adam}, against the same run in float32
 * PyTorch ({@code fixtures/char_model_adam_10_steps*.json}, written by {@code tools/pytorch_fixtures.py}): the
 * loss before every update, the gradient norm before every clip, and the parameters after the tenth update.
 * With clip 5.0 no step is clipped; with clip 0.3 most are, which checks the clipping arithmetic as well.
 */
class AdamCharModelFixtureTest {
    /**
     * Relative error accepted on each loss and each pre-clip gradient norm. Both runs are float32 and differ only
     * in summation order; the errors measured were at most 2e-7 (the fixture's float64 run differs from its
     * float32 one by about as much).
     */
    private static final double LOSS_TOLERANCE = 1e-6;
    /** Relative error, max|a − b| / max|b| per tensor, accepted on the final parameters; measured: 2e-7. */
    private static final double PARAM_TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"char_model_adam_10_steps.json", "char_model_adam_10_steps_clip_0.3.json"})
    void tenAdamStepsMatchPyTorch(String fixture) {
        JsonNode f = load(fixture);
        JsonNode c = f.get("config");
        int vocabSize = c.get("vocab").intValue();
        int batch = c.get("batch").intValue();
        int steps = c.get("steps_per_update").intValue();
        int updates = c.get("updates").intValue();
        assertEquals("lstm", c.get("cell").textValue());
        assertEquals(0.9, c.get("beta1").doubleValue());
        assertEquals(0.999, c.get("beta2").doubleValue());
        assertEquals(1e-8, c.get("eps").doubleValue());

        Vocabulary vocabulary = Vocabulary.of(f.get("vocabulary").textValue());
        assertEquals(vocabSize, vocabulary.size());
        CharLanguageModel model = new CharLanguageModel(new CharLanguageModel.Architecture(CellType.LSTM,
                c.get("num_layers").intValue(), c.get("hidden_size").intValue(), c.get("embedding_size").intValue()),
                vocabulary, 0f, null);
        Parameters params = model.parameters();
        setParameters(params, f.get("params"));
        Adam adam = new Adam(params, c.get("lr").doubleValue());
        double clip = c.get("clip_norm").doubleValue();

        int[] allInputs = ints(f.get("inputs"));    // (updates, B, T)
        int[] allTargets = ints(f.get("targets"));
        assertArrayEquals(new int[] {updates, batch, steps}, shape(f.get("inputs")));
        int chunk = batch * steps;
        RecurrentState state = model.newState(batch);
        double[] losses = new double[updates];
        double[] norms = new double[updates];
        for (int s = 0; s < updates; s++) {
            int[] inputs = timeMajor(allInputs, s * chunk, batch, steps);
            int[] targets = timeMajor(allTargets, s * chunk, batch, steps);
            params.zeroGrad();
            model.setTraining(true);
            losses[s] = model.trainStep(inputs, targets, steps, batch, state);
            norms[s] = GradientClipping.clipGlobalNorm(params, clip);
            adam.step();
        }

        Map<String, Double> errors = new LinkedHashMap<>();
        JsonNode expectedLosses = f.get("losses");
        JsonNode expectedNorms = f.get("grad_norms");
        assertEquals(updates, expectedLosses.size());
        for (int s = 0; s < updates; s++) {
            double l = expectedLosses.get(s).doubleValue();
            double n = expectedNorms.get(s).doubleValue();
            errors.put("loss " + s, Math.abs(losses[s] - l) / Math.abs(l));
            errors.put("grad norm " + s, Math.abs(norms[s] - n) / Math.abs(n));
        }
        for (Param p : params.list()) {
            errors.put(p.name(), relativeError(p.values(), f.get("final_params").get(p.name())));
        }
        if (clip >= 5) {
            assertTrue(Arrays.stream(norms).allMatch(n -> n < clip), "clip 5.0 is not meant to clip");
        } else {
            long clipped = Arrays.stream(norms).filter(n -> n > clip).count();
            assertTrue(clipped >= updates / 2, "the 0.3 fixture is meant to clip most updates, clipped " + clipped);
        }
        Map<String, Double> bad = new LinkedHashMap<>();
        errors.forEach((name, err) -> {
            double tolerance = name.startsWith("loss") || name.startsWith("grad norm") ? LOSS_TOLERANCE
                    : PARAM_TOLERANCE;
            if (!(err <= tolerance)) {
                bad.put(name, err);
            }
        });
        assertTrue(bad.isEmpty(), "relative errors above tolerance: " + bad + " (all: " + errors + ")");
    }

    private static JsonNode load(String name) {
        try (InputStream in = AdamCharModelFixtureTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fixtures/" + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] shape(JsonNode array) {
        JsonNode s = array.get("shape");
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).intValue();
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        JsonNode v = array.get("values");
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).intValue();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        JsonNode v = array.get("values");
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) v.get(i).doubleValue();
        }
        return out;
    }

    /** The (B, T) block at {@code offset} of a batch-first id array, as time-major (T, B). */
    private static int[] timeMajor(int[] ids, int offset, int batch, int steps) {
        int[] out = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out[t * batch + b] = ids[offset + b * steps + t];
            }
        }
        return out;
    }

    private static void setParameters(Parameters params, JsonNode fixture) {
        List<String> names = new ArrayList<>();
        fixture.fieldNames().forEachRemaining(names::add);
        List<String> ours = params.list().stream().map(Param::name).toList();
        assertEquals(new TreeSet<>(names), new TreeSet<>(ours), "parameter names");
        for (String name : names) {
            Param p = params.get(name);
            assertArrayEquals(shape(fixture.get(name)), p.shape(), "shape of " + name);
            p.set(floats(fixture.get(name)));
        }
    }

    /** max|actual − expected| / max|expected| over one tensor. */
    private static double relativeError(float[] actual, JsonNode expectedArray) {
        float[] expected = floats(expectedArray);
        assertEquals(expected.length, actual.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / Math.max(1e-8, scale);
    }
}
