package org.rnn4j.nn;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad shapes are rejected with IllegalArgumentException (not an ArrayIndexOutOfBoundsException or a silent
 * wrong answer) by every kind of {@link SequenceLayer}: one direction, a bidirectional layer, and stacks.
 */
class ShapeValidationTest {
    static final int IN = 3;
    static final int HIDDEN = 4;
    static final int STEPS = 5;
    static final int BATCH = 2;

    enum Kind { SINGLE, BIDIRECTIONAL, STACK, BIDIRECTIONAL_STACK, STACK_WITH_DROPOUT }

    record Subject(SequenceLayer layer, int slots, int out) {
    }

    static Subject make(Kind kind, CellType cell) {
        Parameters params = new Parameters();
        switch (kind) {
            case SINGLE:
                return new Subject(RecurrentLayer.create(cell, params, "", 0, false, 0, IN, HIDDEN), 1, HIDDEN);
            case BIDIRECTIONAL:
                return new Subject(new Bidirectional(RecurrentLayer.create(cell, params, "", 0, false, 0, IN, HIDDEN),
                        RecurrentLayer.create(cell, params, "", 0, true, 1, IN, HIDDEN)), 2, 2 * HIDDEN);
            case STACK:
                return new Subject(new RecurrentStack(cell, params, "", IN, HIDDEN, 2, false, 0f, null), 2, HIDDEN);
            case BIDIRECTIONAL_STACK:
                return new Subject(new RecurrentStack(cell, params, "", IN, HIDDEN, 2, true, 0f, null), 4,
                        2 * HIDDEN);
            default: {
                RecurrentStack stack = new RecurrentStack(cell, params, "", IN, HIDDEN, 3, false, 0.5f,
                        new org.rnn4j.math.Rng(1));
                stack.setTraining(true);
                return new Subject(stack, 3, HIDDEN);
            }
        }
    }

    static Stream<Arguments> subjects() {
        List<Arguments> list = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (CellType c : CellType.values()) {
                list.add(Arguments.of(k, c));
            }
        }
        return list.stream();
    }

    private static void rejects(Executable e) {
        assertThrows(IllegalArgumentException.class, e);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("subjects")
    void forwardRejectsBadShapes(Kind kind, CellType cell) {
        Subject s = make(kind, cell);
        SequenceLayer layer = s.layer();
        boolean lstm = cell.hasCellState();
        float[] x = new float[STEPS * BATCH * IN];
        RecurrentState good = new RecurrentState(s.slots(), BATCH, HIDDEN, lstm);

        rejects(() -> layer.forward(x, STEPS, BATCH, new int[] {STEPS, -1}, null, null));
        rejects(() -> layer.forward(x, STEPS, BATCH, new int[] {STEPS + 1, 2}, null, null));
        rejects(() -> layer.forward(x, STEPS, BATCH, new int[] {2, Integer.MAX_VALUE}, null, null));
        rejects(() -> layer.forward(x, STEPS, BATCH, new int[] {STEPS}, null, null));
        rejects(() -> layer.forward(x, STEPS, BATCH, new int[] {1, 2, 3}, null, null));
        rejects(() -> layer.forward(new float[STEPS * BATCH * IN - 1], STEPS, BATCH, null, null, null));
        rejects(() -> layer.forward(new float[STEPS * BATCH * IN - 1], STEPS, BATCH, new int[] {1, 1}, null, null));
        rejects(() -> layer.forward(x, 0, BATCH, null, null, null));
        rejects(() -> layer.forward(x, STEPS, 0, null, null, null));
        rejects(() -> layer.forward(x, STEPS, BATCH, null,
                new RecurrentState(s.slots(), BATCH + 1, HIDDEN, lstm), null));
        rejects(() -> layer.forward(x, STEPS, BATCH, null, null,
                new RecurrentState(s.slots(), BATCH + 1, HIDDEN, lstm)));
        rejects(() -> layer.forward(x, STEPS, BATCH, null,
                new RecurrentState(s.slots(), BATCH, HIDDEN + 1, lstm), null));
        if (s.slots() > 1) {
            rejects(() -> layer.forward(x, STEPS, BATCH, null,
                    new RecurrentState(s.slots() - 1, BATCH, HIDDEN, lstm), null));
        }
        if (lstm) {
            rejects(() -> layer.forward(x, STEPS, BATCH, null, new RecurrentState(s.slots(), BATCH, HIDDEN, false),
                    null));
            rejects(() -> layer.forward(x, STEPS, BATCH, null, null,
                    new RecurrentState(s.slots(), BATCH, HIDDEN, false)));
        }
        // a rejected call leaves the layer as it was: backward of the last good forward still works
        layer.forward(x, 2, 1, null, null, null);
        rejects(() -> layer.forward(x, STEPS, BATCH, new int[] {STEPS + 1, 2}, null, null));
        rejects(() -> layer.forward(new float[3], STEPS, BATCH, null, null, null));
        layer.backward(new float[2 * s.out()], null, null);
        // and the layer still works after all that
        layer.forward(x, STEPS, BATCH, new int[] {STEPS, 0}, good, good.copy());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("subjects")
    void backwardRejectsBadShapes(Kind kind, CellType cell) {
        Subject s = make(kind, cell);
        SequenceLayer layer = s.layer();
        boolean lstm = cell.hasCellState();
        float[] x = new float[STEPS * BATCH * IN];
        layer.forward(x, STEPS, BATCH, new int[] {STEPS, 2}, null, null);
        float[] dy = new float[STEPS * BATCH * s.out()];

        rejects(() -> layer.backward(new float[dy.length - 1], null, null));
        rejects(() -> layer.backward(dy, new RecurrentState(s.slots(), BATCH + 1, HIDDEN, lstm), null));
        rejects(() -> layer.backward(dy, null, new RecurrentState(s.slots(), BATCH + 1, HIDDEN, lstm)));
        if (lstm) {
            rejects(() -> layer.backward(dy, new RecurrentState(s.slots(), BATCH, HIDDEN, false), null));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("subjects")
    void backwardBeforeForwardIsRejected(Kind kind, CellType cell) {
        SequenceLayer layer = make(kind, cell).layer();
        assertThrows(IllegalStateException.class, () -> layer.backward(new float[1000], null, null));
    }
}
