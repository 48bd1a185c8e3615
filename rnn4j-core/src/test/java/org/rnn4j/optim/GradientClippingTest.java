package org.rnn4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Parameters;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientClippingTest {
    @Test
    void clipGlobalNormMatchesPyTorch() {
        JsonNode cases = Fixtures.ROOT.get("clip_grad_norm");
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            Parameters p = Fixtures.parameters();
            Fixtures.setFlat(p, p.grad(), c.get("grads"));
            double total = GradientClipping.clipGlobalNorm(p, c.get("max_norm").asDouble());
            double expected = c.get("total_norm").asDouble();
            assertEquals(expected, total, 1e-6 * expected, name + ": total norm");
            Fixtures.assertClose(c.get("clipped"), Arrays.copyOf(p.grad(), p.size()), 1e-6, 1e-9, name);
        }
    }

    @Test
    void nonFiniteNormIsReturnedAndGradientsLeftAlone() {
        Parameters p = Fixtures.parameters();
        Fixtures.setGrad(p, 0);
        p.grad()[4] = Float.POSITIVE_INFINITY;
        float[] before = Arrays.copyOf(p.grad(), p.size());
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipGlobalNorm(p, 1.0));
        assertArrayEquals(before, Arrays.copyOf(p.grad(), p.size()));

        p.grad()[4] = Float.NaN;
        assertTrue(Double.isNaN(GradientClipping.clipGlobalNorm(p, 1.0)));
    }

    @Test
    void normIsAccumulatedInDouble() {
        Parameters p = new Parameters();
        p.add("w", 4);
        Arrays.fill(p.grad(), 0, 4, 3e20f);   // each square overflows float
        assertEquals(2.0 * 3e20f, GradientClipping.clipGlobalNorm(p, 1e30), 1e5);
    }

    @Test
    void clipValueClampsEachGradient() {
        Parameters p = Fixtures.parameters();
        float[] g = {-3f, -0.5f, 0f, 0.5f, 3f, 1f, -1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN};
        System.arraycopy(g, 0, p.grad(), 0, g.length);
        GradientClipping.clipValue(p, 1.0);
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1f, -1f, -1f, 1f, Float.NaN},
                Arrays.copyOf(p.grad(), p.size()));
    }
}
