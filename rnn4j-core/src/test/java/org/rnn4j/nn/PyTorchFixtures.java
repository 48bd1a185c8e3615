package org.rnn4j.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the PyTorch reference fixtures written by {@code tools/pytorch_fixtures.py} (test resources under
 * {@code fixtures/}) and compares rnn4j's float32 results with them.
 *
 * <p>An array is a JSON object {@code {"shape": [...], "values": [...]}} in row-major order. Sequence arrays
 * are in PyTorch's batch_first layout (B, T, F); {@link #batchFirstToTimeMajor} and
 * {@link #timeMajorToBatchFirst} convert to and from rnn4j's (T, B, F). States are (layers·directions, B, H),
 * the layout of {@link RecurrentState}, and need no conversion.
 */
final class PyTorchFixtures {
    /** The largest relative error, max|a - b| / max(1e-8, max|b|) per tensor, accepted against float64 PyTorch. */
    static final double TOLERANCE = 1e-4;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PyTorchFixtures() {
    }

    static JsonNode load(String name) {
        String resource = "/fixtures/" + name;
        try (InputStream in = PyTorchFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource
                        + " (regenerate with tools/pytorch_fixtures.py)");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] shape(JsonNode array) {
        JsonNode s = array.get("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).intValue();
        }
        return shape;
    }

    /** The values as float32; the fixtures' inputs are written so that this is exact. */
    static float[] floats(JsonNode array) {
        JsonNode v = values(array);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) v.get(i).doubleValue();
        }
        return out;
    }

    static double[] doubles(JsonNode array) {
        JsonNode v = values(array);
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).doubleValue();
        }
        return out;
    }

    static int[] ints(JsonNode array) {
        JsonNode v = array.isArray() ? array : values(array);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).intValue();
        }
        return out;
    }

    private static JsonNode values(JsonNode array) {
        JsonNode v = array.get("values");
        int n = 1;
        for (int d : shape(array)) {
            n *= d;
        }
        assertEquals(n, v.size(), "values do not fill the shape");
        return v;
    }

    /** (B, T, F) to (T, B, F). */
    static float[] batchFirstToTimeMajor(float[] a, int batch, int steps, int features) {
        float[] out = new float[a.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(a, (b * steps + t) * features, out, (t * batch + b) * features, features);
            }
        }
        return out;
    }

    /** (B, T) ids to (T, B). */
    static int[] batchFirstToTimeMajor(int[] a, int batch, int steps) {
        int[] out = new int[a.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out[t * batch + b] = a[b * steps + t];
            }
        }
        return out;
    }

    /** The first T·B·F entries of a (T, B, F) array, as (B, T, F). */
    static float[] timeMajorToBatchFirst(float[] a, int steps, int batch, int features) {
        float[] out = new float[steps * batch * features];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(a, (t * batch + b) * features, out, (b * steps + t) * features, features);
            }
        }
        return out;
    }

    /** max|actual - expected| / max(1e-8, max|expected|); the two must have the same length. */
    static double relativeError(float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, "lengths differ");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / Math.max(1e-8, scale);
    }

    /** Asserts that the model has exactly the fixture's parameters, with the same shapes, and copies them in. */
    static void setParameters(Parameters params, JsonNode fixtureParams) {
        List<String> names = new ArrayList<>();
        fixtureParams.fieldNames().forEachRemaining(names::add);
        List<String> ours = new ArrayList<>();
        for (Param p : params.list()) {
            ours.add(p.name());
        }
        assertEquals(new TreeSet<>(names), new TreeSet<>(ours), "parameter names");
        for (String name : names) {
            JsonNode array = fixtureParams.get(name);
            Param p = params.get(name);
            assertArrayEquals(shape(array), p.shape(), "shape of " + name);
            p.set(floats(array));
        }
    }

    /** Fails, naming every tensor, when any relative error exceeds {@link #TOLERANCE}. */
    static void assertAllClose(Map<String, Double> errors) {
        Map<String, Double> bad = new LinkedHashMap<>();
        errors.forEach((name, err) -> {
            if (!(err < TOLERANCE)) {
                bad.put(name, err);
            }
        });
        assertTrue(bad.isEmpty(), "relative error above " + TOLERANCE + ": " + bad + " (all: " + errors + ")");
    }
}
