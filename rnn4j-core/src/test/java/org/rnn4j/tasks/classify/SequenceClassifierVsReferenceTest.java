package org.rnn4j.tasks.classify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.Parameters;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;
import org.rnn4j.reference.RefSequenceClassifier;
import org.rnn4j.tasks.SequenceBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rnn4j.reference.Numerics.assertClose;
import static org.rnn4j.reference.Numerics.flatten;

/**
 * The float32 {@link SequenceClassifier} (no dropout) against the double {@link RefSequenceClassifier} on the
 * same float-representable parameters and a padded batch: logits, loss and every parameter gradient, relative
 * error below 1e-4 as in FastVsReferenceTest. Larger sizes (E = 9, H = 13, T = 11) run the GEMM kernels over
 * remainders.
 */
class SequenceClassifierVsReferenceTest {
    static final double TOL = 1e-4;
    static final int[] LENGTHS = {11, 4, 1, 9, 11, 2};
    static final int STEPS = 11;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (RefCell cell : RefCell.values()) {
            list.add(Arguments.of(cell, 1, false));
            list.add(Arguments.of(cell, 1, true));
            list.add(Arguments.of(cell, 2, true));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @MethodSource("configs")
    void matchesReference(RefCell cell, int layers, boolean bidirectional) {
        Random rnd = new Random(5000 + cell.ordinal() * 10 + layers * 2 + (bidirectional ? 1 : 0));
        int vocab = 12;
        int embed = 9;
        int hidden = 13;
        int classes = 5;
        RefSequenceClassifier ref = new RefSequenceClassifier(cell, vocab, embed, hidden, layers, bidirectional,
                classes);
        ref.randomize(rnd, 0.5);
        SequenceClassifier fast = new SequenceClassifier(new SequenceClassifier.Architecture(
                CellType.valueOf(cell.name()), vocab, embed, hidden, layers, bidirectional, classes));
        copyParams(ref.params(), fast.parameters());

        int batch = LENGTHS.length;
        int[][] ids = new int[batch][STEPS];
        List<int[]> seqs = new ArrayList<>();
        int[] labels = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] s = new int[LENGTHS[b]];
            for (int t = 0; t < LENGTHS[b]; t++) {
                s[t] = 1 + rnd.nextInt(vocab - 1);
                ids[b][t] = s[t];
            }
            seqs.add(s);
            labels[b] = rnd.nextInt(classes);
        }
        double refLoss = ref.forward(ids, LENGTHS, labels);
        double[][][] refLogits = ref.fc.forward(ref.readout.forward(
                ref.stack.forward(ref.embedding.forward(ids), LENGTHS, null, null).hT()));
        ref.forward(ids, LENGTHS, labels);
        ref.zeroGrad();
        ref.backward();

        SequenceBatch sb = SequenceBatch.ofIds(seqs, labels);
        fast.parameters().zeroGrad();
        float[] logits = fast.logits(sb).clone();
        double fastLoss = fast.trainStep(sb);

        String category = "b.fast-vs-reference/classifier/" + cell;
        assertClose(category, "logits", flatten(refLogits), Numerics.toDouble(logits, 0, batch * classes), TOL);
        assertClose(category, "loss", refLoss, fastLoss, TOL);
        for (Map.Entry<String, double[]> e : ref.grads().entrySet()) {
            Param p = fast.parameters().get(e.getKey());
            assertClose(category, e.getKey(), e.getValue(),
                    Numerics.toDouble(fast.parameters().grad(), p.offset(), p.size()), TOL);
        }
    }

    /** Copies the reference parameters into the fast model, which must have exactly the same names. */
    static void copyParams(Map<String, double[]> ref, Parameters params) {
        List<String> names = params.list().stream().map(Param::name).sorted().toList();
        assertEquals(ref.keySet().stream().sorted().toList(), names, "parameter names");
        for (Map.Entry<String, double[]> e : ref.entrySet()) {
            params.get(e.getKey()).set(Numerics.toFloat(e.getValue()));
        }
    }
}
