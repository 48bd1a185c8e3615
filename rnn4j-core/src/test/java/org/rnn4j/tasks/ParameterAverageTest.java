package org.rnn4j.tasks;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.Parameters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The moving average is the exact weighted mean Σ d^(n−i) w_i / Σ d^(n−i) of the parameters after each step,
 * computed here directly in double precision from the stored history; swapping it in and out leaves the live
 * parameters bit for bit as they were.
 */
class ParameterAverageTest {
    @Test
    void isTheWeightedMeanOfTheSteps() {
        Parameters p = new Parameters();
        p.add("a", 3, 2);
        p.add("b", 5);
        int n = p.size();
        double decay = 0.9;
        ParameterAverage average = new ParameterAverage(p, decay);
        Rng rng = new Rng(11);
        int steps = 40;
        float[][] history = new float[steps][];
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                p.data()[i] = (float) (rng.nextDouble() * 4 - 2);
            }
            history[s] = java.util.Arrays.copyOf(p.data(), n);
            average.update();
        }
        assertEquals(steps, average.steps());
        for (int i = 0; i < n; i++) {
            double num = 0;
            double den = 0;
            for (int s = 0; s < steps; s++) {
                double w = Math.pow(decay, steps - 1 - s);
                num += w * history[s][i];
                den += w;
            }
            assertEquals(num / den, average.average(i), 1e-12);
        }
        float[] live = java.util.Arrays.copyOf(p.data(), n);
        average.swapIn();
        for (int i = 0; i < n; i++) {
            assertEquals((float) average.average(i), p.data()[i]);
        }
        average.swapOut();
        assertArrayEquals(live, java.util.Arrays.copyOf(p.data(), n));
    }

    @Test
    void aConstantModelAveragesToItselfFromTheFirstStep() {
        Parameters p = new Parameters();
        p.add("w", 4);
        float[] w = {0.5f, -1.25f, 3f, 1e-3f};
        System.arraycopy(w, 0, p.data(), 0, 4);
        ParameterAverage average = new ParameterAverage(p, 0.999);
        for (int s = 1; s <= 3; s++) {
            average.update();
            average.swapIn();
            assertArrayEquals(w, java.util.Arrays.copyOf(p.data(), 4), 1e-6f);
            average.swapOut();
        }
    }

    @Test
    void beforeAnyStepTheModelIsLeftAsItIs() {
        Parameters p = new Parameters();
        p.add("w", 2);
        p.data()[0] = 7f;
        p.data()[1] = -2f;
        ParameterAverage average = new ParameterAverage(p, 0.99);
        average.swapIn();
        assertArrayEquals(new float[] {7f, -2f}, java.util.Arrays.copyOf(p.data(), 2));
        average.swapOut();
    }

    @Test
    void rejectsADecayOutsideTheOpenUnitIntervalAndMisorderedSwaps() {
        Parameters p = new Parameters();
        p.add("w", 1);
        assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(p, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(p, 1));
        assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(p, Double.NaN));
        ParameterAverage average = new ParameterAverage(p, 0.5);
        assertThrows(IllegalStateException.class, average::swapOut);
        average.swapIn();
        assertThrows(IllegalStateException.class, average::swapIn);
        assertThrows(IllegalStateException.class, average::update);
    }
}
