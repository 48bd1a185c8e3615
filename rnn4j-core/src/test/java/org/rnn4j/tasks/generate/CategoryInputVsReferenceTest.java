package org.rnn4j.tasks.generate;

import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Parameters;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCategoryInput;

import java.util.Random;

import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.flatten;
import static org.rnn4j.reference.Numerics.fromTimeMajor;
import static org.rnn4j.reference.Numerics.toTimeMajor;
import static org.rnn4j.reference.Numerics.uniform;

/** The float {@link CategoryInput} against the double reference: output, dx and the weight's gradient. */
class CategoryInputVsReferenceTest {
    @Test
    void matchesReference() {
        Random rnd = new Random(22);
        int k = 4;
        int e = 6;
        int steps = 7;
        int[] cats = {3, 0, 3, 1, 2};
        int[] lengths = {7, 1, 4, 7, 3};
        RefCategoryInput ref = new RefCategoryInput(k, e);
        System.arraycopy(Numerics.roundToFloat(uniform(rnd, k * e, 1.0)), 0, ref.weight, 0, k * e);
        Parameters params = new Parameters();
        CategoryInput fast = new CategoryInput(params, "category.", k, e);
        fast.weight().set(Numerics.toFloat(ref.weight));
        double[][][] x = Numerics.roundToFloat(uniform(rnd, cats.length, steps, e, 1.0));
        double[][][] dy = Numerics.roundToFloat(uniform(rnd, cats.length, steps, e, 1.0));

        double[][][] ry = ref.forward(x, cats, lengths);
        double[][][] rdx = ref.backward(dy);
        float[] y = fast.forward(toTimeMajor(x), steps, cats.length, cats, lengths);
        double[][][] fy = fromTimeMajor(y, steps, cats.length, e);
        params.zeroGrad();
        float[] dx = fast.backward(toTimeMajor(dy));

        String category = "b.fast-vs-reference/CategoryInput";
        assertClose(category, "y", flatten(ry), flatten(fy), 1e-6);
        assertClose(category, "dx", flatten(rdx), flatten(fromTimeMajor(dx, steps, cats.length, e)), 1e-6);
        assertClose(category, "weight", ref.gWeight,
                Numerics.toDouble(params.grad(), fast.weight().offset(), k * e), 1e-5);
    }
}
