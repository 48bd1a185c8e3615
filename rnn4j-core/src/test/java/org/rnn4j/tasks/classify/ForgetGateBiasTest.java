package org.rnn4j.tasks.classify;

import org.junit.jupiter.api.Test;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForgetGateBiasTest {
    /** Every direction of every layer: bias_ih[H:2H] = B, bias_hh[H:2H] = 0, the other gates untouched. */
    @Test
    void setsEveryForgetGate() {
        int h = 3;
        SequenceClassifier model = new SequenceClassifier(new SequenceClassifier.Architecture(CellType.LSTM, 5, 4, h,
                2, true, 2));
        model.initialize(new Rng(1));
        float inputGate = model.parameters().get("rnn.bias_ih_l1_reverse").values()[0];
        model.setForgetGateBias(1f);
        for (String name : new String[] {"l0", "l0_reverse", "l1", "l1_reverse"}) {
            float[] ih = model.parameters().get("rnn.bias_ih_" + name).values();
            float[] hh = model.parameters().get("rnn.bias_hh_" + name).values();
            for (int j = h; j < 2 * h; j++) {
                assertEquals(1f, ih[j], name);
                assertEquals(0f, hh[j], name);
            }
        }
        assertEquals(inputGate, model.parameters().get("rnn.bias_ih_l1_reverse").values()[0]);
        assertTrue(inputGate != 0f);
        SequenceClassifier gru = new SequenceClassifier(new SequenceClassifier.Architecture(CellType.GRU, 5, 4, h, 1,
                false, 2));
        assertThrows(IllegalArgumentException.class, () -> gru.setForgetGateBias(1f));
    }
}
