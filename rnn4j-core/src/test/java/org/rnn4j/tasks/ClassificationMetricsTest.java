package org.rnn4j.tasks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassificationMetricsTest {
    /** Worked by hand: class 0 tp 2 fp 1 fn 1 → F1 2/3; class 1 tp 1 fp 1 fn 1 → 1/2; class 2 tp 0 → 0. */
    @Test
    void accuracyAndMacroF1ByHand() {
        int[] gold = {0, 0, 0, 1, 1, 2};
        int[] pred = {0, 0, 1, 1, 2, 0};
        ClassificationMetrics m = ClassificationMetrics.of(gold, pred, 4);
        assertEquals(3.0 / 6, m.accuracy(), 1e-12);
        assertEquals(2.0 / 3, m.f1()[0], 1e-12);
        assertEquals(0.5, m.f1()[1], 1e-12);
        assertEquals(0.0, m.f1()[2], 1e-12);
        // class 3 occurs nowhere and is left out of the mean
        assertEquals((2.0 / 3 + 0.5 + 0) / 3, m.macroF1(), 1e-12);
        assertEquals(0.5, ClassificationMetrics.majorityShare(gold, 4), 1e-12);
    }
}
