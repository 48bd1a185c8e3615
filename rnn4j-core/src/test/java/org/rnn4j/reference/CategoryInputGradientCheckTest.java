package org.rnn4j.reference;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.rnn4j.reference.Numerics.FD_STEP;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.dot;
import static org.rnn4j.reference.Numerics.finiteDifferences;
import static org.rnn4j.reference.Numerics.flatten;
import static org.rnn4j.reference.Numerics.rows;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * The category input (a learned vector per category added at each of a sequence's own steps) against centred
 * finite differences: the weight (two sequences share category 1, category 2 is unused) and the input, on a padded
 * batch (T = 5, lengths 5, 2, 4). Tolerance as {@link ReferenceGradientCheckTest}.
 */
class CategoryInputGradientCheckTest {
    @Test
    void backwardMatchesFiniteDifferences() {
        Random rnd = new Random(21);
        RefCategoryInput layer = new RefCategoryInput(3, 4);
        System.arraycopy(uniform(rnd, 12, 1.0), 0, layer.weight, 0, 12);
        int[] cats = {1, 0, 1};
        int[] lengths = {5, 2, 4};
        double[][][] x = uniform(rnd, 3, 5, 4, 1.0);
        double[][][] r = uniform(rnd, 3, 5, 4, 1.0);
        DoubleSupplier loss = () -> dot(layer.forward(x, cats, lengths), r);
        layer.forward(x, cats, lengths);
        double[][][] dx = layer.backward(r);
        String category = "a.reference-vs-fd/CategoryInput";
        assertClose(category, "weight", finiteDifferences(loss, layer.weight, FD_STEP), layer.gWeight,
                ReferenceGradientCheckTest.TOL);
        assertClose(category, "dx", finiteDifferences(loss, rows(x), FD_STEP), flatten(dx),
                ReferenceGradientCheckTest.TOL);
    }
}
