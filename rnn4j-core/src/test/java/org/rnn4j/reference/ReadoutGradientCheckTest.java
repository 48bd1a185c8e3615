package org.rnn4j.reference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import static org.rnn4j.reference.Numerics.FD_STEP;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.dot;
import static org.rnn4j.reference.Numerics.finiteDifferences;
import static org.rnn4j.reference.Numerics.flatten;
import static org.rnn4j.reference.Numerics.rows;
import static org.rnn4j.reference.Numerics.uniform;

/**
 * The many-to-one readout (the top layer's final state of each direction, concatenated) and the whole reference
 * classifier (embedding → stack → readout → linear → cross-entropy) against centred finite differences, on a
 * padded batch (T = 6, lengths 6, 3, 1, 5) so that each sequence is read at its own last step and the backward
 * direction starts at each sequence's own end. Tolerance as {@link ReferenceGradientCheckTest}.
 */
class ReadoutGradientCheckTest {
    static final double TOL = ReferenceGradientCheckTest.TOL;
    static final int[] LENGTHS = {6, 3, 1, 5};
    static final int STEPS = 6;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            list.add(Arguments.of(cell, 1, false));
            list.add(Arguments.of(cell, 1, true));
            list.add(Arguments.of(cell, 2, true));
        }
        return list.stream();
    }

    @Test
    void readoutBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(11);
        int layers = 2;
        int directions = 2;
        int hidden = 3;
        RefLastStateReadout readout = new RefLastStateReadout(layers, directions, hidden);
        double[][][] hT = uniform(rnd, layers * directions, 4, hidden, 1.0);
        double[][][] r = uniform(rnd, 4, 1, directions * hidden, 1.0);
        DoubleSupplier loss = () -> dot(readout.forward(hT), r);
        double[][][] dhT = readout.backward(r);
        assertClose("a.reference-vs-fd/LastStateReadout", "dh_T", finiteDifferences(loss, rows(hT), FD_STEP),
                flatten(dhT), TOL);
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @MethodSource("configs")
    void classifierBackwardMatchesFiniteDifferences(RefCell cell, int layers, boolean bidirectional) {
        Random rnd = new Random(4000 + cell.ordinal() * 10 + layers * 2 + (bidirectional ? 1 : 0));
        int vocab = 7;
        int classes = 3;
        RefSequenceClassifier model = new RefSequenceClassifier(cell, vocab, 3, 4, layers, bidirectional, classes);
        model.randomize(rnd, 0.6);
        int[][] ids = new int[LENGTHS.length][STEPS];
        int[] labels = new int[LENGTHS.length];
        for (int b = 0; b < LENGTHS.length; b++) {
            for (int t = 0; t < LENGTHS[b]; t++) {
                ids[b][t] = 1 + rnd.nextInt(vocab - 1);
            }
            labels[b] = rnd.nextInt(classes);
        }
        DoubleSupplier loss = () -> model.forward(ids, LENGTHS, labels);
        model.forward(ids, LENGTHS, labels);
        model.zeroGrad();
        model.backward();
        String category = "a.reference-vs-fd/classifier/" + cell;
        Map<String, double[]> grads = model.grads();
        for (Map.Entry<String, double[]> p : model.params().entrySet()) {
            assertClose(category, p.getKey(), finiteDifferences(loss, p.getValue(), FD_STEP), grads.get(p.getKey()),
                    TOL);
        }
    }
}
