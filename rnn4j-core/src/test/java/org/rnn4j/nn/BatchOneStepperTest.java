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

    @Test
    void aStateChangedFromOutsideOrResetIsTakenUp() {
        Model a = model(CellType.LSTM, 2, 64, 0f);
        Model b = model(CellType.LSTM, 2, 64, 0f);
        BatchOneStepper stepper = new BatchOneStepper(a.embedding, a.stack, a.decoder);
        assertEquals(saved.sumsRowsBeforeBeta(), stepper.groupsProducts());
        RecurrentState state = b.stack.newState(1);
        Random rnd = new Random(3);
        for (int t = 0; t < 40; t++) {
            int id = rnd.nextInt(VOCAB);
            if (t == 10 || t == 25) {
                // write into layer 0's h, which the stepper's next step had already multiplied by W_hh
                stepper.state().h()[5] = 0.75f;
                state.h()[5] = 0.75f;
            }
            if (t == 30) {
                stepper.reset();
                state.zero();
            }
            assertArrayEquals(b.next(id, state), stepper.next(id), "logits at step " + t);
        }
        assertArrayEquals(state.h(), stepper.state().h(), "h");
        assertArrayEquals(state.c(), stepper.state().c(), "c");
    }

    @Test
    void aBadIdIsRejectedAndChangesNothing() {
        Model a = model(CellType.LSTM, 2, 9, 0f);
        Model b = model(CellType.LSTM, 2, 9, 0f);
        BatchOneStepper stepper = new BatchOneStepper(a.embedding, a.stack, a.decoder);
        RecurrentState state = b.stack.newState(1);
        assertArrayEquals(b.next(3, state), stepper.next(3));
        assertThrows(IllegalArgumentException.class, () -> stepper.next(-1));
        assertThrows(IllegalArgumentException.class, () -> stepper.next(VOCAB));
        assertArrayEquals(b.next(4, state), stepper.next(4), "the step after the rejected ones");
    }

    /** A stepper made before the model went to 8-bit weights steps as the 8-bit model does from then on. */
    @Test
    void eightBitWeightsTurnedOnAfterTheStepperWasMadeAreUsed() {
        Model a = model(CellType.LSTM, 2, 64, 0f);
        Model b = model(CellType.LSTM, 2, 64, 0f);
        BatchOneStepper stepper = new BatchOneStepper(a.embedding, a.stack, a.decoder);
        RecurrentState state = b.stack.newState(1);
        assertArrayEquals(b.next(1, state), stepper.next(1));
        for (Model m : new Model[] {a, b}) {
            for (RecurrentLayer layer : m.stack.directionLayers()) {
                layer.useQuantizedWeights(true);
            }
            m.decoder.useQuantizedWeights(true);
        }
        for (int t = 0; t < 10; t++) {
            assertArrayEquals(b.next(t % VOCAB, state), stepper.next(t % VOCAB), "8-bit step " + t);
        }
    }

    @Test
    void eightBitWeightsAndDropoutWhileTrainingRunLayerByLayer() {
        Model a = model(CellType.LSTM, 2, 64, 0f);
        Model b = model(CellType.LSTM, 2, 64, 0f);
        for (Model m : new Model[] {a, b}) {
            for (RecurrentLayer layer : m.stack.directionLayers()) {
                layer.useQuantizedWeights(true);
            }
            m.decoder.useQuantizedWeights(true);
        }
        assertSameSteps(a, b, 20, "8-bit weights");

        Model c = model(CellType.LSTM, 3, 9, 0.5f);
        Model d = model(CellType.LSTM, 3, 9, 0.5f);
        c.stack.setTraining(true);
        d.stack.setTraining(true);
        assertSameSteps(c, d, 20, "dropout while training");
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
