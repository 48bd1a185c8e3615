package org.rnn4j.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.math.Gemm;
import org.rnn4j.math.GemmBackend;
import org.rnn4j.math.GemmBackends;
import org.rnn4j.math.JavaGemm;
import org.rnn4j.math.Rng;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link BatchOneStepper} against the layer-by-layer path it replaces in sampling (the stack's forward from the
 * embedding, one token, then the decoder's), on two copies of the same model: the logits and the state are equal
 * bit for bit at every step, for every cell (GRU runs layer by layer), with one to three layers, at a width whose
 * grouped products the threads share (64: 256 × 192 multiply-adds in layer 1's group) and at an odd one, on the
 * backend the build runs with and on the Java ones with one and two threads; also after the state is changed
 * from outside, after a reset, with 8-bit weights, and with dropout while training.
 */
class BatchOneStepperTest {
    static final int VOCAB = 11;
    static final int EMBED = 7;

    private final GemmBackend saved = Gemm.backend();

    @AfterEach
    void restore() {
        Gemm.setBackend(saved);
    }

    record Model(Embedding embedding, RecurrentStack stack, Linear decoder) {
        float[] next(int id, RecurrentState state) {
            float[] h = stack.forward(embedding, new int[] {id}, 1, 1, null, state, state);
            return decoder.forward(h, 1);
        }
    }

    /** Embedding → stack → decoder, PyTorch's initialisation drawn from a fixed seed (dropout's from another). */
    private static Model model(CellType cell, int layers, int hidden, float dropout) {
        Parameters params = new Parameters();
        Embedding embedding = new Embedding(params, "embedding.", VOCAB, EMBED);
        RecurrentStack stack = new RecurrentStack(cell, params, "rnn.", EMBED, hidden, layers, false, dropout,
                dropout > 0f ? new Rng(5) : null);
        Linear decoder = new Linear(params, "decoder.", hidden, VOCAB);
        Rng rng = new Rng(17);
        embedding.resetParameters(rng);
        stack.resetParameters(rng);
        decoder.resetParameters(rng);
        return new Model(embedding, stack, decoder);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void sameLogitsAndStateAsLayerByLayer(CellType cell) {
        for (GemmBackend gemm : new GemmBackend[] {saved, new JavaGemm(1), vectorOrJava(2)}) {
            Gemm.setBackend(gemm);
            for (int layers = 1; layers <= 3; layers++) {
                for (int hidden : new int[] {9, 64}) {
                    String what = cell + ", " + layers + " × " + hidden + ", " + gemm.name();
                    boolean grouped = assertSameSteps(model(cell, layers, hidden, 0f), model(cell, layers, hidden, 0f),
                            30, what);
                    assertEquals(cell != CellType.GRU && gemm.sumsRowsBeforeBeta(), grouped, what + ": grouped");
                }
            }
        }
    }

    /** Two copies of one model: a stepper on the first, the layer-by-layer path and its state on the second. */
    record SideBySide(Model a, Model b, BatchOneStepper stepper, RecurrentState state) {
        static SideBySide of(CellType cell, int layers, int hidden) {
            Model a = model(cell, layers, hidden, 0f);
            Model b = model(cell, layers, hidden, 0f);
            return new SideBySide(a, b, new BatchOneStepper(a.embedding, a.stack, a.decoder), b.stack.newState(1));
        }

        void assertSameStep(int id, String what) {
            assertArrayEquals(b.next(id, state), stepper.next(id), what);
        }
    }

    @Test
    void aStateChangedFromOutsideOrResetIsTakenUp() {
        SideBySide s = SideBySide.of(CellType.LSTM, 2, 64);
        assertEquals(saved.sumsRowsBeforeBeta(), s.stepper.groupsProducts());
        Random rnd = new Random(3);
        for (int t = 0; t < 40; t++) {
            if (t == 10 || t == 25) {
                // write into layer 0's h, which the stepper's next step had already multiplied by W_hh
                s.stepper.state().h()[5] = 0.75f;
                s.state.h()[5] = 0.75f;
            }
            if (t == 30) {
                s.stepper.reset();
                s.state.zero();
            }
            s.assertSameStep(rnd.nextInt(VOCAB), "logits at step " + t);
        }
        assertArrayEquals(s.state.h(), s.stepper.state().h(), "h");
        assertArrayEquals(s.state.c(), s.stepper.state().c(), "c");
    }

    @Test
    void aBadIdIsRejectedAndChangesNothing() {
        SideBySide s = SideBySide.of(CellType.LSTM, 2, 9);
        s.assertSameStep(3, "the first step");
        assertThrows(IllegalArgumentException.class, () -> s.stepper.next(-1));
        assertThrows(IllegalArgumentException.class, () -> s.stepper.next(VOCAB));
        s.assertSameStep(4, "the step after the rejected ones");
    }

    /** A stepper made before the model went to 8-bit weights steps as the 8-bit model does from then on. */
    @Test
    void eightBitWeightsTurnedOnAfterTheStepperWasMadeAreUsed() {
        SideBySide s = SideBySide.of(CellType.LSTM, 2, 64);
        s.assertSameStep(1, "the float step");
        useEightBits(s.a);
        useEightBits(s.b);
        for (int t = 0; t < 10; t++) {
            s.assertSameStep(t % VOCAB, "8-bit step " + t);
        }
    }

    @Test
    void eightBitWeightsAndDropoutWhileTrainingRunLayerByLayer() {
        Model a = model(CellType.LSTM, 2, 64, 0f);
        Model b = model(CellType.LSTM, 2, 64, 0f);
        useEightBits(a);
        useEightBits(b);
        assertSameSteps(a, b, 20, "8-bit weights");

        Model c = model(CellType.LSTM, 3, 9, 0.5f);
        Model d = model(CellType.LSTM, 3, 9, 0.5f);
        c.stack.setTraining(true);
        d.stack.setTraining(true);
        assertSameSteps(c, d, 20, "dropout while training");
    }

    private static void useEightBits(Model m) {
        for (RecurrentLayer layer : m.stack.directionLayers()) {
            layer.useQuantizedWeights(true);
        }
        m.decoder.useQuantizedWeights(true);
    }

    /**
     * {@code steps} random tokens through a stepper on model a and layer by layer on model b (same weights);
     * returns whether the stepper grouped its products.
     */
    private static boolean assertSameSteps(Model a, Model b, int steps, String what) {
        BatchOneStepper stepper = new BatchOneStepper(a.embedding, a.stack, a.decoder);
        RecurrentState state = b.stack.newState(1);
        Random rnd = new Random(steps);
        for (int t = 0; t < steps; t++) {
            int id = rnd.nextInt(VOCAB);
            assertArrayEquals(b.next(id, state), stepper.next(id), what + ": logits at step " + t);
        }
        RecurrentState mine = stepper.state();
        assertArrayEquals(state.h(), mine.h(), what + ": h");
        if (state.hasCell()) {
            assertArrayEquals(state.c(), mine.c(), what + ": c");
        }
        return stepper.groupsProducts();
    }

    private static GemmBackend vectorOrJava(int threads) {
        GemmBackend vector = GemmBackends.vectorIfLoaded(threads);
        return vector != null ? vector : new JavaGemm(threads);
    }
}
